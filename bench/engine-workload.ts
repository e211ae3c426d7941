// SPDX-License-Identifier: Apache-2.0
/**
 * A large hand-written-style mesh for the engine benchmark: `services` Services and Deployments
 * over 20 sidecar namespaces and five AuthorizationPolicies per service (two ALLOWs naming
 * callers with methods and paths, a namespace-wide ALLOW on a TCP port, a DENY on an admin path,
 * an AUDIT), as plain objects — no SDK, so the figures are the engine's alone.
 */
export function engineWorkload(services: number): unknown[] {
  const objects: unknown[] = [];
  const namespaces = 20;
  for (let n = 0; n < namespaces; n++) {
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${n}`, labels: { 'istio-injection': 'enabled' } } });
    objects.push({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'allow-nothing', namespace: `team-${n}` }, spec: { action: 'ALLOW' } });
  }
  objects.push({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } });
  const ns = (i: number) => `team-${i % namespaces}`;
  const principal = (i: number) => `cluster.local/ns/${ns(i)}/sa/svc-${i}`;
  for (let i = 0; i < services; i++) {
    const name = `svc-${i}`;
    const namespace = ns(i);
    const selector = { matchLabels: { app: name } };
    objects.push({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
      spec: { selector, template: { metadata: { labels: { app: name } }, spec: { serviceAccountName: name, containers: [{ name: 'app', image: `r/${name}:1` }] } } },
    });
    objects.push({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 8080, appProtocol: 'http' }, { name: 'tcp-admin', port: 9000, appProtocol: 'tcp' }] } });
    const policy = (suffix: string, spec: Record<string, unknown>) => objects.push({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: `${name}-${suffix}`, namespace }, spec: { selector, ...spec } });
    policy('allow-read', { action: 'ALLOW', rules: [{ from: [{ source: { principals: [principal((i + 1) % services)] } }], to: [{ operation: { methods: ['GET'], paths: ['/api/*'] } }] }] });
    policy('allow-write', { action: 'ALLOW', rules: [{ from: [{ source: { principals: [principal((i + 2) % services)] } }], to: [{ operation: { methods: ['POST'], paths: ['/api/orders'] } }] }] });
    policy('allow-ops', { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['ops'] } }], to: [{ operation: { ports: ['9000'] } }] }] });
    policy('deny-admin', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin/*'] } }] }] });
    policy('audit', { action: 'AUDIT', rules: [{ to: [{ operation: { methods: ['DELETE'] } }] }] });
  }
  return objects;
}
