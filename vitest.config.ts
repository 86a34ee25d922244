import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Fails any test that opens a socket to a destination off loopback (Threadline is offline).
    setupFiles: ['test/reliability/setup/network-guard.ts'],
  },
});
