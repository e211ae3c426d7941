// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { SAFE_EXTENSIONS } from '../../../lib/validate/rules/extensions/safe-extensions';
import { expectCorpusErrors } from '../egress/fixtures';
import { check, checkCorpus, verdicts } from '../harness';

describe('MESH-EXT-01: proxy extensions are sandboxed Wasm modules pinned by digest, and no EnvoyFilter inserts Lua', () => {
  it('Compliance: pinned WasmPlugins and an EnvoyFilter without code (the valid corpus)', () => {
    const out = checkCorpus(SAFE_EXTENSIONS, 'MESH-EXT-01-valid.yaml');
    expect(verdicts(out)).toEqual(['compliant EnvoyFilter shop/buffer-limits', 'compliant WasmPlugin istio-system/basic-auth', 'compliant WasmPlugin shop/header-filter']);
    expect(out.find((o) => o.subject.name === 'header-filter')!.message).toMatch(/references its module by digest/);
  });

  it('Noncompliance 1–4: Lua, unpinned remote Wasm, a tag, a malformed digest (the invalid corpus)', () => {
    expectCorpusErrors(SAFE_EXTENSIONS, 'MESH-EXT-01-invalid.yaml');
  });

  it('NotApplicable: no EnvoyFilter and no WasmPlugin', () => {
    expect(check(SAFE_EXTENSIONS, 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n')).toEqual([]);
  });
});
