// Vite: builds the React renderer (renderer/) into dist/renderer for Electron and browser mode.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../renderer', import.meta.url));
const port = process.env.STEWARD_PORT ?? '4317';

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: { minify: !process.env.STEWARD_NO_MINIFY, outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: { '/rpc': `http://127.0.0.1:${port}`, '/events': `http://127.0.0.1:${port}` },
  },
});
