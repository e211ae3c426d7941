// SPDX-License-Identifier: Apache-2.0
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Examples and tests import the package by name, as users do.
    alias: { 'cdk8s-mesh': fileURLToPath(new URL('./index.ts', import.meta.url)) },
  },
  test: {
    include: ['synth-tests/**/*.test.ts'],
    // Snapshots never update in the test task: a changed snapshot fails the run.
    update: false,
    testTimeout: 30_000,
    // The JSON report is what .ci/run counts for its closing `N passed, N failed` line.
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results/vitest.json' },
  },
});
