/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.API_URL ?? 'http://localhost:3000';

/**
 * The web console: built into the API's dist (dist/web), which serves it at /. `vite` alone
 * serves it for development and forwards API paths to API_URL.
 */
export default defineConfig({
  root: here,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
  },
  server: {
    proxy: { '/v1': api, '/health': api, '/docs': api },
  },
  test: {
    root: here,
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
