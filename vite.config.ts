// Builds the React renderer (renderer/) into dist/renderer: relative asset URLs so the same build serves from
// app://threadline in Electron and from the loopback bridge in browser mode; no inline scripts (strict CSP).
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    target: 'chrome120',
    // The module-preload polyfill would be an inline script; Electron and current Chromium need none.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
  logLevel: 'warn',
});
