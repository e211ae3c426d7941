// SPDX-License-Identifier: Apache-2.0
import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex, writtenLineCount, yamlLineCount } from '../../constructs/private/manifest-lines';

/** Lines cdk8s writes for `doc`, as `Yaml.stringify` writes them (without the final newline). */
function stringified(doc: unknown): number {
  return Yaml.stringify(doc).split('\n').length - 1;
}

/** Manifest-like values: nested maps and lists of any strings (quoted, unicode, empty), numbers, booleans, null. */
const scalar = fc.oneof(
  fc.string({ unit: 'grapheme-ascii' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', ' ', 'yes', 'no', 'on', '~', 'null', '0x1F', '1e3', '- x', 'a: b', '#c', '"q"', "'s'", '*a', '&b', '!t', '%', '@', '`', '{}', '[]', 'x'.repeat(200)),
  fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null),
);
const { doc } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(fc.oneof(fc.string({ unit: 'grapheme-ascii', minLength: 1 }), fc.constantFrom('apiVersion', 'metadata', 'a b', 'k:', '0', 'true')), tie('value'), { maxKeys: 5 }),
  doc: tie('map'),
}));

describe('line counts of the objects cdk8s writes (SARIF regions)', () => {
  it('match what cdk8s writes for any manifest-shaped object', () => {
    fc.assert(fc.property(doc, (d) => {
      expect(writtenLineCount(d)).toBe(stringified(d));
    }), { numRuns: 2000 });
  });

  it('are counted from the shape when nothing needs the serializer', () => {
    fc.assert(fc.property(doc, (d) => {
      const counted = yamlLineCount(d);
      if (!JSON.stringify(d).includes('\\n')) expect(counted).toBe(stringified(d));
    }), { numRuns: 500 });
  });

  it('leave multi-line strings and shared values (block scalars, anchors) to the serializer', () => {
    const shared = { a: 1 };
    expect(yamlLineCount({ data: { 'mesh': 'a: 1\nb: 2\n' } })).toBeUndefined();
    expect(yamlLineCount({ x: shared, y: shared })).toBeUndefined();
    expect(writtenLineCount({ data: { 'mesh': 'a: 1\nb: 2\n' } })).toBe(stringified({ data: { 'mesh': 'a: 1\nb: 2\n' } }));
    expect(writtenLineCount({ x: shared, y: shared })).toBe(stringified({ x: shared, y: shared }));
  });

  it('place each object after the previous ones and their separators, per file', () => {
    const a = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' }, data: { text: 'one\ntwo\n' } };
    const b = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'b', namespace: 'x' } };
    const c = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'c', namespace: 'x' } };
    const index = new LineIndex([{ json: a, file: 'one.yaml' }, { json: b, file: 'one.yaml' }, { json: c, file: 'two.yaml' }], '/out');
    const written = Yaml.stringify(a, b).split('\n');
    const line = index.locate({ apiVersion: 'v1', kind: 'ServiceAccount', name: 'b', namespace: 'x', file: 'one.yaml' })?.line ?? 0;
    expect(written[line - 2]).toBe('---');
    expect(written.slice(line - 1, line + 3)).toEqual(['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: b']);
    expect(index.locate({ apiVersion: 'v1', kind: 'ServiceAccount', name: 'c', namespace: 'x', file: 'two.yaml' })).toEqual({ file: '/out/two.yaml', line: 1 });
  });
});
