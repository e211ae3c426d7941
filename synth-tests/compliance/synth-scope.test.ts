// SPDX-License-Identifier: Apache-2.0
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Mesh, PortProtocol, RiskProfile } from 'cdk8s-mesh';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appChart, errorOf } from './compliance-helpers';

function shop() {
  const { app, chart } = appChart();
  const mesh = new Mesh(chart, 'mesh', { defaultRiskProfile: RiskProfile.LOW, compliance: { printFindings: false } });
  const web = mesh.addService('web', { image: 'web:1', ports: [{ port: 8080, protocol: PortProtocol.HTTP }] });
  mesh.addService('cart', { image: 'cart:1', ports: [{ port: 8080, protocol: PortProtocol.HTTP }] }).allowFrom(web);
  return { app, chart, mesh };
}

/** A PERMISSIVE PeerAuthentication: plaintext accepted, an error of MESH-MTLS-02. */
function permissive(chart: Chart): ApiObject {
  return new ApiObject(chart, 'legacy', {
    apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication',
    metadata: { name: 'legacy-clients', namespace: 'shop' },
    spec: { mtls: { mode: 'PERMISSIVE' } },
  });
}

/** Counts how often each ApiObject is resolved (`ApiObject.prototype.toJson`, which every subclass calls). */
function countResolutions(): Map<ApiObject, number> {
  const counts = new Map<ApiObject, number>();
  const original = ApiObject.prototype.toJson;
  vi.spyOn(ApiObject.prototype, 'toJson').mockImplementation(function (this: ApiObject) {
    counts.set(this, (counts.get(this) ?? 0) + 1);
    return original.call(this);
  });
  return counts;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('one synthesis runs the rule packs once', () => {
  it('resolves every object once although cdk8s validates the app once per chart and once more', () => {
    const { app } = shop();
    new Chart(app, 'extra').node.addValidation({ validate: () => [] }); // a second chart: cdk8s validates three times
    const counts = countResolutions();
    app.synth();
    expect(counts.size).toBeGreaterThan(10);
    expect([...new Set(counts.values())]).toEqual([1]);
    // after the synthesis the objects resolve themselves again
    for (const obj of counts.keys()) expect(Object.prototype.hasOwnProperty.call(obj, 'toJson')).toBe(false);
  });

  it('sees a change made between two syntheses of the same app', () => {
    const { app, chart } = shop();
    expect(app.synthYaml()).not.toContain('legacy-clients');
    permissive(chart);
    const error = errorOf(() => app.synthYaml());
    expect(error?.name).toBe('ComplianceFailure');
    expect(error?.message).toContain('MESH-MTLS-02 (error) PeerAuthentication shop/legacy-clients');
  });

  it('raises the same failure from every validation of a failing synthesis, and lends nothing afterwards', () => {
    const { app, chart } = shop();
    new Chart(app, 'extra');
    const legacy = permissive(chart);
    const failure = errorOf(() => app.synth());
    expect(failure?.name).toBe('ComplianceFailure');
    expect(failure?.message).toContain('PeerAuthentication shop/legacy-clients');
    expect(Object.prototype.hasOwnProperty.call(legacy, 'toJson')).toBe(false);
    // fixing the object makes the next synthesis pass
    legacy.addJsonPatch(JsonPatch.replace('/spec/mtls/mode', 'STRICT'));
    expect(errorOf(() => app.synth())).toBeUndefined();
  });
});
