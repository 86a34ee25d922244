import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The whole reliability proof (hostile corpus, crash harness, offline run …) is not a vitest test: `npm test`
    // ends with `npm run reliability -- --quick`, which prints its table and exits non-zero on any miss.
    exclude: ['**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Fails any test that opens a socket to a destination off loopback (Threadline is offline).
    setupFiles: ['test/reliability/setup/network-guard.ts'],
  },
});
