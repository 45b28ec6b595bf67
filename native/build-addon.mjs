// Builds the simdjson fast path of the ingest (native/ratelens-tic.cc) into `<out>/ratelens-tic.node`
// (`npm run build`: dist/native; `npm run build:bench`: build/native). It needs a C++ compiler and
// Debian's libsimdjson-dev (`.ci/run` installs both); without them the ingest parses items with
// JSON.parse, slower and with the same results, and this says so once instead of failing the build.
// RATELENS_REQUIRE_NATIVE=1 (CI) makes a failed build an error.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "ratelens-tic.cc");
const cached = join(here, ".build", "ratelens-tic.node");
const out = join(process.argv[2] ?? join(here, "..", "dist", "native"), "ratelens-tic.node");

/** Node-API's headers: the node-api-headers package, else those installed with Node. */
function napiHeaders() {
  try {
    const pkg = createRequire(import.meta.url).resolve("node-api-headers/package.json");
    return join(dirname(pkg), "include");
  } catch {
    return join(dirname(process.execPath), "..", "include", "node");
  }
}

/** The newest change to the addon's sources (the .cc and its headers). */
function sourcesChanged() {
  return Math.max(
    ...readdirSync(here)
      .filter((name) => /\.(cc|h)$/.test(name))
      .map((name) => statSync(join(here, name)).mtimeMs),
  );
}

function build() {
  if (existsSync(cached) && statSync(cached).mtimeMs >= sourcesChanged()) return;
  mkdirSync(dirname(cached), { recursive: true });
  const args = ["-O2", "-std=c++17", "-shared", "-fPIC", "-fvisibility=hidden"];
  args.push("-I", napiHeaders(), source, "-lsimdjson", "-o", `${cached}.tmp`);
  const compile = (extra) =>
    execFileSync(process.env.CXX ?? "g++", [...args, ...extra], {
      stdio: ["ignore", "ignore", "pipe"],
    });
  // With Debian's libisal-dev, gzip is inflated by ISA-L (gzip-inflate.h); without it, by Node.
  if (existsSync("/usr/include/isa-l/igzip_lib.h")) {
    try {
      compile(["-DRATELENS_ISAL", "-lisal"]);
      copyFileSync(`${cached}.tmp`, cached);
      return;
    } catch {
      process.stderr.write("ratelens: built without ISA-L (libisal-dev did not link)\n");
    }
  }
  compile([]);
  copyFileSync(`${cached}.tmp`, cached);
}

try {
  build();
  mkdirSync(dirname(out), { recursive: true });
  copyFileSync(cached, out);
} catch (error) {
  const detail = String(error?.stderr ?? error?.message ?? error)
    .split("\n")
    .find((line) => line.trim() !== "");
  process.stderr.write(
    `ratelens: the simdjson fast path was not built (${detail ?? "unknown error"}); ` +
      "the ingest parses items with JSON.parse instead. Install g++ and libsimdjson-dev for it.\n",
  );
  if (process.env.RATELENS_REQUIRE_NATIVE === "1") process.exitCode = 1;
}
