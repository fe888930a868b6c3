import { defineConfig } from 'vitest/config';

// In CI a machine-readable copy of the results lets .ci/run refuse a run in which tests were skipped
// (a lab that silently skipped would otherwise pass).
const ciResults = process.env.CI === 'true' ? process.env.GHCR_DOCTOR_TEST_RESULTS : undefined;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { FORCE_COLOR: '0' },
    reporters: ciResults ? ['default', ['json', { outputFile: ciResults }]] : ['default'],
  },
});
