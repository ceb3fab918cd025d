// Instantiates netchan's module over a shared memory — the same few lines for the main thread and for
// every worker (plain JavaScript so a Node worker can load it without a TypeScript step).
// @assemblyscript/loader supplies `env.abort`, which decodes AssemblyScript's assertion messages.
import loader from "@assemblyscript/loader";

/**
 * @param {WebAssembly.Module} module compiled once, shared with workers
 * @param {WebAssembly.Memory} memory the run's shared memory
 * @returns {Promise<any>} the module's exports, started and attached to the header already in memory
 */
export async function instantiateNetchan(module, memory) {
  const { exports } = await loader.instantiate(module, { env: { memory } });
  exports._start();
  return exports;
}
