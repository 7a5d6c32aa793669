import { defineConfig } from 'vitest/config';

// Every layer but the browser. Projects let a developer run one layer (`vitest run --project unit`);
// `npm test` runs them all, then the end-to-end tests in Chromium with Playwright Test
// (playwright.config.ts, test/e2e/*.spec.ts). Device and sync tests use real ptys and servers, so
// they get longer timeouts. Speed is never asserted here (benchmarks measure it); the only
// time bounds are on timeout mechanisms themselves (e.g. "paper out fails the ticket well before
// the job timeout"), with margins of 2x or more.
export default defineConfig({
  test: {
    // More workers than cores: most files wait on I/O (ptys, PGlite, the printer's timeouts,
    // inactivity timers) rather than compute, and the whole-kiosk files are the long poles. On
    // the 2-core CI machine 4 workers halve the wall time (121 s → 57 s for the same suite);
    // timing bounds in tests keep their 2x margins.
    maxWorkers: 4,
    // The run gets a temp folder of its own and fails naming whatever a test left in it; every
    // file removes the folders test/support/temp-dir.ts made for it (a kiosk must not leak disk,
    // and neither must its CI).
    globalSetup: ['test/support/temp-guard.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/support/vitest-setup.ts'],
          // Property tests run 10^4–10^5 inputs and share two cores with three other workers: a
          // hang still fails, a busy machine does not.
          testTimeout: 90_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            'test/devices/**/*.test.ts',
            'test/sync/**/*.test.ts',
            'test/host/**/*.test.ts',
          ],
          environment: 'node',
          setupFiles: ['test/support/vitest-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
