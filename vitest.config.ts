import { defineConfig } from 'vitest/config';

// The fault-injection hook of vite.config.ts, off in every test run of the source. Inline projects
// do not inherit the root's define, so each gets it.
const define = { __FAULT_THROW_PREFIX__: 'null' };

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        define,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          // A bound, not a wait: the heaviest unit test (a 004 -> 005 migration) took 4.3 s beside a CI
          // run on two cores, and ran past vitest's default 5 s with one more suite beside it.
          testTimeout: 30_000,
          // vitest bench only (npm run bench:core): the other test/bench files are scripts run by tsx.
          benchmark: { include: ['test/bench/*.bench.ts'] },
        },
      },
      {
        define,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // One Firefox at a time: the machine has two cores, and each browser takes one.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          // npm run test:faults: reliability, privacy and hostile input, in a real Firefox.
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
