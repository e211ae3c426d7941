// SPDX-License-Identifier: Apache-2.0
import { applicationServices } from './workload-helpers';
import { type MeshRule, compliant, violation } from '../../rule';

const EXPOSED = new Set(['LoadBalancer', 'NodePort']);

/** SP 800-204A MS-SS-4: application Services are reachable only through the gateways. */
export const INTERNAL_SERVICES: MeshRule = {
  id: 'MESH-WL-07',
  title: 'Services of application workloads are internal (not LoadBalancer or NodePort); only gateways are exposed',
  rationale: 'A LoadBalancer or NodePort Service lets clients outside the mesh reach the workload directly, skipping the ingress gateway\'s TLS, '
    + 'authentication and routing; clients should come in through one gateway.',
  fix: '`mesh.addService(...)` emits ClusterIP Services; expose a service with `mesh.addIngressGateway(...)` and `gateway.route(service, ...)`. '
    + 'In hand-written YAML set `spec.type: ClusterIP` (or remove it) on application Services',
  severity: 'error',
  recommendations: ['MS-SS-4'],
  controls: ['SC-7', 'AC-4'],
  target: 'manifest',
  check({ inventory }) {
    return applicationServices(inventory).map(({ service: s }) => {
      const where = `Service ${s.namespace}/${s.name}`;
      return EXPOSED.has(s.type)
        ? violation(s.entry.ref, `${where} has type ${JSON.stringify(s.type)}; expected ClusterIP, with external clients routed through an ingress gateway`)
        : compliant(s.entry.ref, `${where} has type ${JSON.stringify(s.type)}`);
    });
  },
};
