// SPDX-License-Identifier: Apache-2.0
import { cdk8s, javascript } from 'projen';

/**
 * The one source of truth for package.json, tsconfig files and tasks.
 * Run `npx projen` after editing this file. Deviations from projen's defaults
 * are explained inline and in docs/decisions/0001-toolchain.md.
 */
const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-mesh',
  description: 'Zero-trust service mesh as code on cdk8s, following NIST SP 800-204A/B, 800-207A and 800-233',
  author: 'cdk8s-mesh maintainers',
  authorAddress: 'maintainers@cdk8s-mesh.dev',
  repositoryUrl: 'https://example.invalid/cdk8s-mesh.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  keywords: ['cdk8s', 'istio', 'service-mesh', 'zero-trust', 'nist', 'authorization'],

  // Layout (DESIGN.md): sources at the root (index.ts, constructs/, patterns/, lib/),
  // compiled output in build/, tests in synth-tests/. `dist/` holds synthesized
  // manifests as cdk8s users expect, so packages go to `pkg/` instead.
  srcdir: '.',
  libdir: 'build',
  testdir: 'synth-tests',
  artifactsDirectory: 'pkg',
  excludeTypescript: [
    'synth-tests/**',
    'examples/**',
    'bench/**',
    'build/**',
    'dist/**',
    'pkg/**',
    'node_modules/**',
    '.projenrc.ts',
  ],

  // Versions measured to work together on Node 20 (shared/TOOLCHAIN.md).
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.8.1',
  jsiiVersion: '~6.0.16',
  typescriptVersion: '~6.0.3',
  minNodeVersion: '20.0.0',
  packageManager: javascript.NodePackageManager.NPM,
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  bundledDeps: ['yaml@2.9.1', 'ajv@^8.17.1', '@bufbuild/cel@0.6.1', 'commander@^14.0.0', 'kubernetes-models@5.1.0', '@viz-js/viz@3.31.0'],
  devDeps: [
    'cdk8s-plus-28@2.5.6',
    'vitest@~4.1.12',
    'tsx@^4.20.0',
    'ts-node@10.9.2',
    'fast-check@4.10.2',
    '@types/node@^20',
    'jsii-docgen@^10.12.6',
    // The SARIF 2.1.0 JSON schema (draft-04) and a validator for it, to check the reports in tests.
    '@microsoft/jest-sarif@1.0.0-beta.0',
    'ajv-draft-04@^1.0.0',
  ],
  bin: { 'cdk8s-mesh': 'bin/cdk8s-mesh' },

  // No jest (vitest replaces it), no prettier (one formatter: none yet), no GitHub
  // workflows or release machinery: CI is `.ci/run`.
  jest: false,
  prettier: false,
  eslint: false,
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,
  docgen: true,
  docgenFilePath: 'API.md',
  compat: false,
  gitignore: ['/.test-results/', '/dist/', '/pkg/', '/build/', '/bench/results/*.json', '.jsii', 'tsconfig.json', '*.tsbuildinfo'],
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    compilerOptions: {
      // Tests, examples and benchmarks run through vitest/tsx (ESM-aware); type-check them so.
      module: 'ESNext',
      moduleResolution: javascript.TypeScriptModuleResolution.BUNDLER,
      paths: { 'cdk8s-mesh': ['./index.ts'] },
      noUnusedLocals: true,
      noUnusedParameters: true,
    },
    include: ['index.ts', 'lib/**/*.ts', 'constructs/**/*.ts', 'patterns/**/*.ts', 'synth-tests/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', '.projenrc.ts', 'vitest.config.mts'],
    exclude: ['node_modules', 'build', 'dist', 'pkg'],
  },
});

// jsii compiles to build/, so the package entry points there.
project.package.addField('main', 'build/index.js');
project.package.addField('types', 'build/index.d.ts');

// vitest replaces jest; `--run` never watches and never updates snapshots.
project.testTask.reset('vitest --run');
project.addTask('test:watch', { exec: 'vitest' });
project.addTask('typecheck', { exec: 'tsc --noEmit -p tsconfig.dev.json' });

// `npm start`: synthesize every example into dist/<example>/ and print a summary line each.
project.addTask('start', {
  description: 'Synthesize every example into dist/<example>/ and print its validation summary',
  exec: 'tsx --tsconfig tsconfig.dev.json examples/synth-all.ts',
});
project.packageTask.reset();
project.packageTask.exec('jsii-pacmak --targets js -o pkg');

for (const p of ['/synth-tests/', '/examples/', '/bench/', '/dist/', '/.ci/', '/docs/']) {
  project.addPackageIgnore(p);
}

project.addTask('features-doc', {
  description: 'Regenerate the feature × proxy-model table in README.md',
  exec: 'tsx --tsconfig tsconfig.dev.json docs/update-feature-table.ts',
});

project.addTask('rules-doc', {
  description: 'Regenerate RULES.md from the rule metadata and the packs',
  exec: 'tsx --tsconfig tsconfig.dev.json docs/generate-rules-doc.ts',
});

project.addTask('bench', { exec: 'tsx --tsconfig tsconfig.dev.json bench/run.ts', receiveArgs: true });

project.synth();
