// The web app is built into dist/web, which `ssbpress serve` serves; nothing is loaded from a CDN,
// so the page works offline next to the press. `npm run dev:web` proxies /api to a running
// `ssbpress serve` on port 8080.
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "/",
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
  },
  oxc: { jsx: { runtime: "automatic" } },
  // The app is written against React's API and runs on Preact's compatibility layer: the same
  // components in a tenth of the JavaScript, which a tablet next to the press parses in a fraction
  // of the time (first load, README Benchmarks).
  resolve: {
    alias: {
      "react-dom/client": "preact/compat/client",
      "react-dom": "preact/compat",
      "react/jsx-runtime": "preact/jsx-runtime",
      react: "preact/compat",
    },
  },
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
});
