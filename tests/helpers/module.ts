// An instance of the module for calling its pure functions (checksums, hashes, packet checks) from
// tests: its own small shared memory, no header, no attach/init. Scratch space starts at SCRATCH, above
// static data (< 64 KiB) and the header (64 KiB + 4 KiB).
import { compileModule } from "../../src/wasm/module.js";
import { instantiateNetchan } from "../../src/wasm/instantiate.js";

export const SCRATCH = 1 << 20;

export async function pureModule(pages = 64): Promise<{ exports: any; memory: WebAssembly.Memory; bytes: Uint8Array }> {
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const exports = await instantiateNetchan(await compileModule("release"), memory);
  return { exports, memory, bytes: new Uint8Array(memory.buffer) };
}
