// Browser-mode end-to-end tests (e2e/*.spec.ts): Chromium driven by playwright-core against `dist/bridge/serve.mjs`.
// One file at a time: the machine is small and each spec runs a server, an engine worker and a browser.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    globalSetup: ['e2e/helpers/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    // Polls wait for the UI to catch up with the engine; a loaded CI machine can be slow.
    expect: { poll: { timeout: 20_000, interval: 100 } },
  },
});
