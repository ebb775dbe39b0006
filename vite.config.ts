import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The web app: one React app in web/, one lazily loaded folder per audience, built into
// web/dist and served by the API server at /. `npm run dev:web` proxies /api to a running server.
export default defineConfig({
  root: "web",
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: { "/api": { target: process.env.ANXIN_API ?? "http://127.0.0.1:3000", changeOrigin: false } },
  },
});
