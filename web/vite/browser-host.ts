// The dashboard runs the command line's host library (src/) unchanged, except for the few modules that
// need Node (the file system, worker_threads, os). Each of those has a browser counterpart in web/src/host/
// with the same exports, and this plugin resolves an import of the Node module to its counterpart — for
// the page and for the workers alike. web/src/host/conformance.ts checks, at type level, that every
// counterpart exports what its Node module exports to the code the browser loads.
import { join, relative, sep } from "node:path";
import type { Plugin } from "vite";

/** Node module (from the project root) → its browser counterpart. */
export const BROWSER_SUBSTITUTES: Readonly<Record<string, string>> = {
  "src/wasm/module.ts": "web/src/host/module.ts",
  "src/runners/node-workers.ts": "web/src/host/node-workers.ts",
  "src/results/host-facts.ts": "web/src/host/host-facts.ts",
  "src/scenario/machine-ref.ts": "web/src/host/machine-ref.ts",
};

export function browserHost(projectRoot: string): Plugin {
  return {
    name: "netchan-browser-host",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (!importer || !source.startsWith(".")) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved) return null;
      const substitute = BROWSER_SUBSTITUTES[relative(projectRoot, resolved.id).split(sep).join("/")];
      return substitute ? join(projectRoot, substitute) : null;
    },
  };
}
