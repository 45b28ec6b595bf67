// `npm run build:wasm`: assembles src/sources/tic/json-skip.wat into json-skip-wasm.ts beside it.
import { readFileSync, writeFileSync } from "node:fs";
import { wasmModuleSource } from "./wasm-module-source.js";

const source = "src/sources/tic/json-skip.wat";
const target = "src/sources/tic/json-skip-wasm.ts";
writeFileSync(target, await wasmModuleSource("json-skip.wat", readFileSync(source, "utf8")));
console.log(`wrote ${target}`);
