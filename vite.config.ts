// The dashboard's build and servers (web/). SharedArrayBuffer — the one shared WebAssembly memory every
// simulated CPU's worker uses — needs a cross-origin isolated page, so the dev server and the preview
// server both send COOP/COEP (DESIGN.md); a static host must send the same two headers (docs/dashboard.md).
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { browserHost } from "./web/vite/browser-host.js";

const projectRoot = dirname(fileURLToPath(import.meta.url));

const crossOriginIsolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  root: "web",
  // the page imports sim-config/ and build/ from the project root
  server: { headers: crossOriginIsolation, fs: { allow: [projectRoot] } },
  preview: { headers: crossOriginIsolation },
  plugins: [browserHost(projectRoot)],
  // found up front, so the dev server does not discover them mid-run and reload the page
  optimizeDeps: { include: ["zod", "@assemblyscript/loader", "chart.js"] },
  // workers are bundled on their own, with their own plugins: the run worker loads the host library too
  worker: { format: "es", plugins: () => [browserHost(projectRoot)] },
  build: { outDir: "../dist/web", emptyOutDir: true, target: "es2022" },
});
