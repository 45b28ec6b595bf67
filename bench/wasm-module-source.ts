import wabtInit from "wabt";

/**
 * The TypeScript module holding the assembled bytes of a WebAssembly text source (base64), so that
 * neither the build nor a user's install needs a WebAssembly toolchain. Used by `npm run
 * build:wasm` and by the test that checks the committed module is what its source assembles to.
 */
export async function wasmModuleSource(name: string, wat: string): Promise<string> {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat(name, wat, { simd: true });
  try {
    parsed.validate();
    const { buffer } = parsed.toBinary({});
    const lines =
      Buffer.from(buffer)
        .toString("base64")
        .match(/.{1,96}/g) ?? [];
    return [
      `// Generated from ${name} by \`npm run build:wasm\`: do not edit.`,
      `export const JSON_SKIP_WASM =`,
      ...lines.map((line, i) => `  "${line}"${i === lines.length - 1 ? ";" : " +"}`),
      "",
    ].join("\n");
  } finally {
    parsed.destroy();
  }
}
