// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { deployment, destinationRule, namespace } from './fixtures';
import { findings } from './rule-findings';
import { ORIGINATION_VERIFIES_SERVER } from '../../../lib/validate/rules/mtls/origination-verifies-server';
import { check, verdicts, violations } from '../harness';

const egress = (risk: string): string => namespace('egress', 'none', { 'mesh.cdk8s.io/risk-profile': risk });

describe('MESH-MTLS-04: TLS origination verifies the server against subjectAltNames', () => {
  it('Compliance: SIMPLE with subjectAltNames', () => {
    const out = check(ORIGINATION_VERIFIES_SERVER, egress('high') + destinationRule('api', 'api.example.com', {
      portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'SIMPLE', sni: 'api.example.com', subjectAltNames: ['api.example.com'] } }],
    }, 'egress'));
    expect(verdicts(out)).toEqual(['compliant DestinationRule egress/api']);
  });

  it('Noncompliance 1: SIMPLE without subjectAltNames is an error for high risk', () => {
    const yaml = egress('high') + destinationRule('api', 'api.example.com', { tls: { mode: 'SIMPLE', sni: 'api.example.com' } }, 'egress');
    const [v] = violations(check(ORIGINATION_VERIFIES_SERVER, yaml));
    expect(v.message).toMatch(/^DestinationRule egress\/api \(host "api.example.com"\): trafficPolicy.tls \(mode "SIMPLE"\) sets no subjectAltNames; expected non-empty subjectAltNames/);
    expect(findings(ORIGINATION_VERIFIES_SERVER, yaml)[0]).toMatchObject({ status: 'non-compliant', severity: 'error', risk: 'high' });
  });

  it('Noncompliance 2: the same gap is a warning for medium risk', () => {
    const yaml = egress('medium') + destinationRule('api', 'api.example.com', { tls: { mode: 'SIMPLE', subjectAltNames: [] } }, 'egress');
    expect(findings(ORIGINATION_VERIFIES_SERVER, yaml)[0]).toMatchObject({ status: 'non-compliant', severity: 'warning', risk: 'medium' });
  });

  it('Noncompliance 3: MUTUAL with insecureSkipVerify', () => {
    const yaml = egress('high') + destinationRule('bank', 'bank.example.com', {
      portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'MUTUAL', credentialName: 'client', subjectAltNames: ['bank.example.com'], insecureSkipVerify: true } }],
    }, 'egress');
    const [v] = violations(check(ORIGINATION_VERIFIES_SERVER, yaml));
    expect(v.message).toMatch(/trafficPolicy.portLevelSettings\[0\].tls sets insecureSkipVerify true/);
  });

  it('Noncompliance 4: a workload\'s own DestinationRule takes its risk', () => {
    const yaml = namespace('shop') + deployment({ name: 'cart', risk: 'low' }) + destinationRule('api', 'api.example.com', { tls: { mode: 'SIMPLE' } });
    expect(findings(ORIGINATION_VERIFIES_SERVER, yaml)[0]).toMatchObject({ status: 'non-compliant', severity: 'warning', risk: 'low' });
  });

  it('NotApplicable: no SIMPLE or MUTUAL tls block', () => {
    expect(check(ORIGINATION_VERIFIES_SERVER, destinationRule('cart', 'cart.shop.svc.cluster.local', { tls: { mode: 'ISTIO_MUTUAL' } }))).toEqual([]);
  });
});
