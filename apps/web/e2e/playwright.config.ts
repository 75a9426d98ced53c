import { defineConfig } from '@playwright/test';
import * as path from 'node:path';

/**
 * The console in a real browser (`npm run test:browser`, part of `npm test` after the build):
 * global-setup.ts starts the built API on its own fresh database with the demo data set.
 */
export default defineConfig({
  testDir: __dirname,
  testMatch: '*.e2e.ts',
  outputDir: path.join(__dirname, '..', '..', '..', 'test-results', 'playwright'),
  globalSetup: path.join(__dirname, 'global-setup.ts'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    locale: 'es-MX',
    timezoneId: 'America/Mexico_City',
    viewport: { width: 1280, height: 900 },
    // The console honours the system's "reduce motion": dialogs open without a fade, so a dialog's
    // colours and focus are read as the person sees them, not half-way through an animation.
    reducedMotion: 'reduce',
    acceptDownloads: true,
    trace: 'off',
  },
});
