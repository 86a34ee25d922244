import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The whole-suite reliability proof (hostile corpus + crash harness + offline run) takes minutes and still
    // reports misses under investigation; it runs as `npm run reliability -- --quick`, not in the default suite.
    exclude: ['**/node_modules/**', 'test/reliability/quick-run.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Fails any test that opens a socket to a destination off loopback (Threadline is offline).
    setupFiles: ['test/reliability/setup/network-guard.ts'],
  },
});
