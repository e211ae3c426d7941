// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { HttpMethod, Match, Mesh, PortProtocol, ProxyModel, RiskProfile } from 'cdk8s-mesh';
import { chart, objects } from '../helpers';

const MODELS: Record<string, () => ProxyModel> = {
  'sidecar': () => ProxyModel.sidecar(),
  'ambient': () => ProxyModel.ambient(),
  'ambient-waypoint': () => ProxyModel.ambient({ waypoint: true }),
  'proxyless': () => ProxyModel.proxyless(),
};

/** Which client → server pairs interoperate under STRICT mTLS (transports: Istio mTLS, HBONE). */
const WORKS: Record<string, string[]> = {
  'sidecar': ['sidecar', 'ambient', 'ambient-waypoint', 'proxyless'],
  'ambient': ['sidecar', 'ambient', 'ambient-waypoint'],
  'ambient-waypoint': ['sidecar', 'ambient', 'ambient-waypoint'],
  'proxyless': ['sidecar', 'proxyless'],
};

describe('callers on different proxy models', () => {
  for (const client of Object.keys(MODELS)) {
    for (const server of Object.keys(MODELS)) {
      const ok = WORKS[client].includes(server);
      it(`${client} → ${server}: ${ok ? 'admitted with the client identity' : 'rejected with the reason'}`, () => {
        const c = chart({ namespace: 'app' });
        const mesh = new Mesh(c, 'mesh', { defaultRiskProfile: RiskProfile.LOW });
        const port = { port: 9090, protocol: PortProtocol.GRPC };
        const a = mesh.addService('client', { image: 'c:1', ports: [port], proxyModel: MODELS[client]() });
        const b = mesh.addService('server', { image: 's:1', ports: [port], proxyModel: MODELS[server]() });
        const call = () => b.allowFrom(a, { ports: [9090] });
        if (!ok) {
          expect(call).toThrow(/allowFrom: a .* caller cannot reach this .* service "test\/mesh\/client": expected proxy models whose transports meet/);
          return;
        }
        call();
        const principals = objects(c, 'AuthorizationPolicy')
          .filter((p) => p.metadata.name === 'server-allow')
          .flatMap((p) => p.spec.rules.flatMap((r: any) => r.from.flatMap((f: any) => f.source.principals)));
        expect(principals).toEqual(['cluster.local/ns/app/sa/client']);
      });
    }
  }

  it('rejects a rule gRPC cannot parse before recording it, so a caught error leaves no trace', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh', { defaultRiskProfile: RiskProfile.LOW });
    const a = mesh.addService('a', { image: 'a:1', ports: [{ port: 9090, protocol: PortProtocol.GRPC }], proxyModel: ProxyModel.proxyless() });
    const b = mesh.addService('b', { image: 'b:1', ports: [{ port: 9090, protocol: PortProtocol.GRPC }], proxyModel: ProxyModel.proxyless() });
    expect(() => b.allowFrom(a, { methods: [HttpMethod.POST], paths: [Match.pathTemplate('/shop.Cart/{*}')] })).toThrow(/allowFrom: path template on the proxyless gRPC model/);
    expect(objects(c, 'AuthorizationPolicy').map((p) => p.metadata.name)).not.toContain('b-allow');
  });
});
