// SPDX-License-Identifier: Apache-2.0
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ManifestReader } from '../../lib/conform';
import { BAD_YAML, FIXTURES, INVALID_MANIFESTS, VALID_MANIFESTS, widgets } from './fixtures';

describe('ManifestReader', () => {
  test('reads multi-document files and keeps file, document index and line', () => {
    const docs = ManifestReader.readFiles([VALID_MANIFESTS]);
    expect(docs.map((d) => [d.object.kind, d.file, d.documentIndex, d.line])).toEqual([
      ['Widget', VALID_MANIFESTS, 0, 1],
      ['ServiceAccount', VALID_MANIFESTS, 1, 17],
      ['Deployment', VALID_MANIFESTS, 2, 21],
    ]);
  });

  test('directories are read recursively in sorted order, only .yaml/.yml/.json', () => {
    const docs = ManifestReader.readFiles([path.join(FIXTURES, 'manifests')]);
    expect(docs.map((d) => path.basename(d.file!))).toEqual(['invalid.yaml', 'invalid.yaml', 'valid.yaml', 'valid.yaml', 'valid.yaml']);
  });

  test('YAML 1.1 as kubectl reads it: yes is a boolean; empty documents are skipped; Lists are expanded', () => {
    const docs = ManifestReader.parse([
      'apiVersion: v1', 'kind: List', 'items:', '- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}',
      '- {apiVersion: v1, kind: ConfigMap, metadata: {name: b, annotations: {enabled: yes}}}', '---', '---',
      'apiVersion: v1', 'kind: Secret', 'metadata: {name: c}',
    ].join('\n'), 'x.yaml');
    expect(docs.map((d) => [d.object.metadata.name, d.documentIndex, d.line])).toEqual([['a', 0, 1], ['b', 0, 1], ['c', 2, 8]]);
    expect(docs[1].object.metadata.annotations.enabled).toBe(true);
  });

  test('an annotation written as a bare yes is rejected, as the API server would', async () => {
    const report = await widgets().validateDocuments(ManifestReader.parse(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b, annotations: {enabled: yes}}\n', 'cm.yaml'));
    expect(report.errors).toMatchObject([{ file: 'cm.yaml', line: 1, path: 'metadata.annotations[enabled]', message: 'invalid value true: must be of type string, got boolean' }]);
  });

  test('bad YAML and missing files are refused with file and line', () => {
    expect(() => ManifestReader.readFiles([BAD_YAML])).toThrow(/^bad YAML in .*bad\.yaml:4:1: /);
    expect(() => ManifestReader.readFiles([path.join(FIXTURES, 'missing.yaml')])).toThrow(/^cannot read .*missing\.yaml: no such file or directory$/);
    expect(() => ManifestReader.parse('a: 1\na: 2\n')).toThrow(/^bad YAML in <input>:2:1: map keys must be unique/);
  });

  test('errors carry the file and line of their object', async () => {
    const report = await widgets().validateFiles([INVALID_MANIFESTS]);
    expect(report.errors.map((e) => [path.basename(e.file!), e.line, e.kind, e.path])).toEqual([
      ['invalid.yaml', 1, 'Widget', 'spec'],
      ['invalid.yaml', 9, 'Deployment', 'spec.template.spec.containers[0].colour'],
    ]);
  });
});
