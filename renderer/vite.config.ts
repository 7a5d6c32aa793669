import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The CSP in index.html forbids inline scripts. The dev server's React refresh preamble is an
 * inline script, so only under `vite serve` is 'unsafe-inline' added; the build keeps it strict.
 */
function devCspRelax(): Plugin {
  return {
    name: 'kiosk-dev-csp-relax',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
  };
}

// Built into dist/renderer at the repository root; the host serves it (browser shell) or loads
// it from disk (Electron), so every asset address is relative.
export default defineConfig({
  root,
  base: './',
  plugins: [react(), devCspRelax()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Chromium supports modulepreload natively; no polyfill (it would be inline-ish code).
    modulePreload: { polyfill: false },
    // Fonts and images stay files or data: URIs allowed by the CSP; nothing is fetched remotely.
    sourcemap: false,
  },
});
