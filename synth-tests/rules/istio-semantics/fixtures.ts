// SPDX-License-Identifier: Apache-2.0
/**
 * Small YAML builders for the istio-semantics rule tests: each returns one document (with its
 * `---`), so a test reads as the manifests it checks.
 */

/** A Namespace with labels written as a YAML flow map body, e.g. `istio-injection: enabled`. */
export function namespace(name: string, labels = ''): string {
  return `---
apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: { ${labels} } }
`;
}

/** A Deployment `ns/name` with pod label `app: <name>`, extra pod labels and annotations (flow map bodies). */
export function deployment(ns: string, name: string, options: { podLabels?: string; annotations?: string; serviceAccount?: string } = {}): string {
  return `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata:
      labels: { app: ${name}${options.podLabels ? `, ${options.podLabels}` : ''} }
      annotations: { ${options.annotations ?? ''} }
    spec: { serviceAccountName: ${options.serviceAccount ?? name}, containers: [{ name: app, image: x }] }
`;
}

/** A Service `ns/name` selecting `app: <name>`, with ports as a flow sequence body, e.g. `{ name: http, port: 8080 }`. */
export function service(ns: string, name: string, ports = '{ name: http, port: 8080 }', labels = ''): string {
  return `---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns}, labels: { ${labels} } }
spec: { selector: { app: ${name} }, ports: [${ports}] }
`;
}

/** An AuthorizationPolicy with `spec` written as an indented YAML body, and optional annotations. */
export function authz(ns: string, name: string, spec: string, annotations = ''): string {
  return `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: ${ns}, annotations: { ${annotations} } }
spec:
${indent(spec)}`;
}

/** A PeerAuthentication with `spec` as an indented YAML body. */
export function peerAuthentication(ns: string, name: string, spec: string, creationTimestamp?: string): string {
  return `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: ${name}, namespace: ${ns}${creationTimestamp ? `, creationTimestamp: "${creationTimestamp}"` : ''} }
spec:
${indent(spec)}`;
}

/** A waypoint Gateway `ns/name`. */
export function waypoint(ns: string, name = 'waypoint'): string {
  return `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${ns}, labels: { istio.io/waypoint-for: service } }
spec:
  gatewayClassName: istio-waypoint
  listeners: [{ name: mesh, port: 15008, protocol: HBONE }]
`;
}

/** The root-namespace `istio` ConfigMap carrying `mesh` (YAML text). */
export function meshConfig(mesh: string): string {
  return `---
apiVersion: v1
kind: ConfigMap
metadata: { name: istio, namespace: istio-system }
data:
  mesh: |
${mesh.trim().split('\n').map((l) => `    ${l}`).join('\n')}
`;
}

function indent(body: string): string {
  return `${body.trim().split('\n').map((l) => `  ${l}`).join('\n')}\n`;
}
