// The dashboard's build and servers (web/). SharedArrayBuffer — the one shared WebAssembly memory every
// simulated CPU's worker uses — needs a cross-origin isolated page, so the dev server and the preview
// server both send COOP/COEP (DESIGN.md); a static host must send the same two headers.
import { defineConfig } from "vite";

const crossOriginIsolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  root: "web",
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  worker: { format: "es" },
  build: { outDir: "../dist/web", emptyOutDir: true, target: "es2022" },
});
