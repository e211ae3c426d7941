// SPDX-License-Identifier: Apache-2.0
import * as path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Examples and tests import the package by name, as users do.
    alias: { 'cdk8s-mesh': path.resolve(__dirname, 'index.ts') },
  },
  test: {
    include: ['synth-tests/**/*.test.ts'],
    // Snapshots never update in the test task: a changed snapshot fails the run.
    update: false,
    testTimeout: 30_000,
  },
});
