// Vite: builds the React renderer (renderer/) into dist/renderer for Electron and browser mode, and
// serves it with hot reload for `npm run dev` (build/scripts/dev.mjs), proxying the API to the core host.
import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { cspMeta } from './cspMeta';

const root = fileURLToPath(new URL('../renderer', import.meta.url));
const port = process.env.STEWARD_PORT ?? '4317';
const devPort = Number(process.env.STEWARD_DEV_PORT ?? 5173);
const core = `http://127.0.0.1:${port}`;
const devOrigins = new Set([`http://127.0.0.1:${devPort}`, `http://localhost:${devPort}`]);

/** /rpc and /events go to the core host, which checks Host, Origin and the per-launch token (the page
 *  sends the token itself). The host accepts only its own origin, so requests from the dev server's own
 *  pages are presented as that origin; any other Origin passes unchanged and the host refuses it. */
const toCore: ProxyOptions = {
  target: core,
  changeOrigin: true,
  configure(proxy) {
    proxy.on('proxyReq', (proxyReq, req) => {
      const origin = req.headers.origin;
      if (origin !== undefined && devOrigins.has(origin)) proxyReq.setHeader('origin', core);
    });
  },
};

export default defineConfig({
  root,
  base: './',
  plugins: [react(), cspMeta()],
  build: {
    minify: !process.env.STEWARD_NO_MINIFY,
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    port: devPort,
    strictPort: true,
    proxy: { '/rpc': toCore, '/events': toCore },
  },
});
