// Browser counterpart of src/wasm/module.ts: the module is the build's release file, served by Vite as an
// asset and compiled once per worker; a compiled WebAssembly.Module is posted to the CPU workers as is.
import wasmUrl from "../../../build/netchan.wasm?url";

export type Build = "release" | "debug";

let compiled: Promise<WebAssembly.Module> | undefined;

export function compileModule(build: Build): Promise<WebAssembly.Module> {
  // the debug build checks invariants for the tests; the dashboard serves only the release module
  if (build !== "release") throw new Error(`netchan: the dashboard has only the release build of the module (asked for ${build})`);
  compiled ??= fetch(wasmUrl).then(async (response) => {
    if (!response.ok) throw new Error(`netchan: cannot load the module from ${wasmUrl} (HTTP ${response.status}) — run \`npm run build\``);
    return WebAssembly.compile(await response.arrayBuffer());
  });
  return compiled;
}
