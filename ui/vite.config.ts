/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Everything ends up as files under dist/: no inline scripts or styles, so the app runs
// under the CSP "default-src 'self'; style-src 'self'; script-src 'self'".
export default defineConfig(({ mode }) => ({
  plugins: [svelte({ emitCss: true })],
  base: './',
  clearScreen: false,
  build: {
    outDir: mode === 'mock' ? 'dist-mock' : 'dist',
    target: 'es2022',
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
  },
  server: { port: 5173, strictPort: true },
  test: { include: ['src/**/*.test.ts'] },
}));
