// SPDX-License-Identifier: Apache-2.0
/** Telemetry objects and mesh configs for the telemetry rule tests, shaped like the SDK's output. */
import { object } from '../egress/fixtures';

const json = (v: unknown) => JSON.stringify(v);

/** A Telemetry (mesh-wide when in istio-system without selector). */
export function telemetry(name: string, ns: string, spec: Record<string, unknown>, annotations?: Record<string, string>): string {
  return object('telemetry.istio.io/v1', 'Telemetry', name, ns, spec, annotations ? { annotations } : {});
}

/** The SDK's mesh-wide Telemetry with access logging and metrics on. */
export const MESH_TELEMETRY = telemetry('mesh-default', 'istio-system', {
  accessLogging: [{ providers: [{ name: 'cdk8s-mesh-access-log' }] }],
  metrics: [{ providers: [{ name: 'prometheus' }] }],
});

/** A shared mesh config ConfigMap as the SDK writes it (the mesh text in `data.mesh`). */
export function sharedMeshConfig(mesh: Record<string, unknown>): string {
  return `---\n${json({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: 'cdk8s-mesh-config', namespace: 'istio-system', annotations: { 'mesh.cdk8s.io/istiod-env': 'SHARED_MESH_CONFIG=cdk8s-mesh-config' } },
    data: { mesh: json(mesh) },
  })}\n`;
}

/** An envoyFileAccessLog provider with the given label format. */
export function fileAccessLog(name: string, labels: Record<string, string> | undefined): Record<string, unknown> {
  return { name, envoyFileAccessLog: { path: '/dev/stdout', ...(labels ? { logFormat: { labels } } : {}) } };
}

/** The fields SM-DR22b asks for. */
export const GOOD_FORMAT: Record<string, string> = {
  start_time: '%START_TIME%',
  downstream_peer_uri_san: '%DOWNSTREAM_PEER_URI_SAN%',
  request_id: '%REQ(X-REQUEST-ID)%',
  path: '%REQ_WITHOUT_QUERY(X-ENVOY-ORIGINAL-PATH?:PATH)%',
  response_code: '%RESPONSE_CODE%',
};
