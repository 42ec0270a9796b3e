import path from "node:path";
import { defineConfig } from "vite";

/** The console's front end: web/client → web/dist (served by web/server.ts). */
export default defineConfig({
  root: path.join(import.meta.dirname, "client"),
  base: "/",
  logLevel: "warn",
  build: {
    outDir: path.join(import.meta.dirname, "dist"),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  resolve: { alias: { react: "preact/compat", "react-dom": "preact/compat" } },
});
