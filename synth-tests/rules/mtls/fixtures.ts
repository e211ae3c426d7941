// SPDX-License-Identifier: Apache-2.0
/** Small YAML builders for the mtls and workload rule tests. */

const j = (v: unknown): string => JSON.stringify(v);

/** A Namespace; `sidecar` labels it for injection, `ambient` enrols it in ambient mode. */
export function namespace(name: string, mode: 'sidecar' | 'ambient' | 'none' = 'sidecar', labels: Record<string, string> = {}): string {
  const modeLabels = mode === 'sidecar' ? { 'istio-injection': 'enabled' } : mode === 'ambient' ? { 'istio.io/dataplane-mode': 'ambient' } : {};
  return `---
apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: ${j({ ...modeLabels, ...labels })} }
`;
}

/** Options of a Deployment fixture. */
export interface DeploymentFixture {
  readonly name: string;
  readonly namespace?: string;
  readonly risk?: string;
  readonly serviceAccount?: string | null;
  readonly annotations?: Record<string, string>;
  readonly podAnnotations?: Record<string, string>;
  readonly podLabels?: Record<string, string>;
  /** Pod-level securityContext. @default { runAsNonRoot: true } */
  readonly podSecurityContext?: Record<string, unknown>;
  /** Containers' securityContext. @default fully hardened */
  readonly securityContext?: Record<string, unknown>;
  readonly initContainers?: Record<string, unknown>[];
  readonly volumes?: Record<string, unknown>[];
}

/** The hardened container securityContext the SDK emits. */
export const HARDENED = { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true };

/** A Deployment with pods labelled `app: <name>`. */
export function deployment(d: DeploymentFixture): string {
  const ns = d.namespace ?? 'shop';
  const spec: Record<string, unknown> = {
    ...(d.serviceAccount === null ? {} : { serviceAccountName: d.serviceAccount ?? d.name }),
    securityContext: d.podSecurityContext ?? { runAsNonRoot: true },
    containers: [{ name: 'app', image: 'x', securityContext: d.securityContext ?? HARDENED }],
    ...(d.initContainers ? { initContainers: d.initContainers } : {}),
    ...(d.volumes ? { volumes: d.volumes } : {}),
  };
  return `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${d.name}
  namespace: ${ns}
  labels: ${j(d.risk ? { 'mesh.cdk8s.io/risk-profile': d.risk } : {})}
  annotations: ${j(d.annotations ?? {})}
spec:
  selector: { matchLabels: { app: ${d.name} } }
  template:
    metadata: { labels: ${j({ app: d.name, ...d.podLabels })}, annotations: ${j(d.podAnnotations ?? {})} }
    spec: ${j(spec)}
`;
}

/** A Service selecting `app: <name>`. */
export function service(name: string, opts: { namespace?: string; type?: string; ports?: Record<string, unknown>[]; selector?: string } = {}): string {
  return `---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${opts.namespace ?? 'shop'} }
spec:
  type: ${opts.type ?? 'ClusterIP'}
  selector: { app: ${opts.selector ?? name} }
  ports: ${j(opts.ports ?? [{ name: 'http-8080', port: 8080, appProtocol: 'http' }])}
`;
}

/** A DestinationRule. */
export function destinationRule(name: string, host: string, trafficPolicy: Record<string, unknown>, namespace = 'shop'): string {
  return `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ${name}, namespace: ${namespace} }
spec: { host: ${j(host)}, trafficPolicy: ${j(trafficPolicy)} }
`;
}
