// Finding and compiling the module. Compiled once per build flavour per process; a compiled
// WebAssembly.Module can be posted to workers, which instantiate it over the same shared memory.

import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type Build = "release" | "debug";

const compiled = new Map<Build, Promise<WebAssembly.Module>>();

/** The project root: the nearest folder upward holding netchan's package.json (works from src/ and dist/). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && existsSync(join(dir, "asconfig.json"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("netchan: cannot find the project root (package.json beside asconfig.json)");
    dir = up;
  }
}

export function wasmPath(build: Build): string {
  return join(projectRoot(), "build", build === "release" ? "netchan.wasm" : "netchan.debug.wasm");
}

export function compileModule(build: Build): Promise<WebAssembly.Module> {
  let p = compiled.get(build);
  if (!p) {
    const path = wasmPath(build);
    if (!existsSync(path)) throw new Error(`netchan: ${path} is missing — run \`npm run build\` first`);
    p = readFile(path).then((bytes) => WebAssembly.compile(bytes));
    compiled.set(build, p);
  }
  return p;
}
