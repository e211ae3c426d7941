// SPDX-License-Identifier: Apache-2.0
/** The Kubernetes side of a mesh service, built with cdk8s-plus: a hardened Deployment and its Service. */
import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { hardeningAnnotations } from './input-checks';
import { RISK_PROFILE_LABEL } from '../../lib/analyze/inventory';
import { NETWORK_EXCEPTION_ANNOTATION } from '../../lib/compile/network-policy/network-policy';
import type { PortModel, RiskLevel } from '../../lib/model/mesh-model';
import type { HardeningExceptions } from '../hardening';

/** What the Deployment is built from. */
export interface WorkloadSpec {
  readonly name: string;
  readonly namespace: string;
  readonly ports: readonly PortModel[];
  readonly serviceAccount: kplus.ServiceAccount;
  readonly replicas: number;
  readonly image: string;
  readonly resources?: kplus.ContainerResources;
  readonly readiness?: kplus.Probe;
  readonly runAsUser?: number;
  readonly hardeningExceptions?: HardeningExceptions;
  /** Labels that enrol the pods in their proxy model. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Annotations the proxy model needs on the pods. */
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** SP 800-233 risk profile, recorded as the Deployment label `mesh.cdk8s.io/risk-profile` for the rule packs. */
  readonly risk: RiskLevel;
  /**
   * Why the service has no NetworkPolicy (`NetworkSegmentation.disabled`), recorded as the
   * Deployment annotation `mesh.cdk8s.io/network-exception`.
   */
  readonly networkException?: string;
}

/** Requests and limits when the service sets none. */
export const DEFAULT_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
};

/**
 * The Deployment (`<scope>/Deployment`): non-root, read-only root filesystem with a writable
 * `/tmp`, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp for the whole
 * pod, requests and limits, a readiness probe; relaxations only through justified exceptions.
 */
export function hardenedDeployment(scope: Construct, spec: WorkloadSpec): kplus.Deployment {
  const props = spec;
  const exceptions = props.hardeningExceptions ?? {};
  const tmp = kplus.Volume.fromEmptyDir(scope, 'Tmp', 'tmp');
  const deployment = new kplus.Deployment(scope, 'Deployment', {
    metadata: { name: spec.name, namespace: spec.namespace, labels: { [RISK_PROFILE_LABEL]: spec.risk }, annotations: deploymentAnnotations(scope.node.path, exceptions, spec.networkException) },
    replicas: spec.replicas,
    serviceAccount: spec.serviceAccount,
    automountServiceAccountToken: false,
    podMetadata: {
      labels: { ...spec.podLabels, 'app': spec.name, 'app.kubernetes.io/name': spec.name },
      ...(Object.keys(spec.podAnnotations).length ? { annotations: { ...spec.podAnnotations } } : {}),
    },
    securityContext: { ensureNonRoot: exceptions.runAsRoot === undefined, ...(props.runAsUser !== undefined ? { user: props.runAsUser } : {}) },
    containers: [{
      name: spec.name,
      image: props.image,
      // Two service ports may share a container port (same protocol, checked): list it once.
      ports: spec.ports.filter((p, i, all) => all.findIndex((q) => q.targetPort === p.targetPort) === i).map((p) => ({ number: p.targetPort, name: p.name })),
      resources: props.resources ?? DEFAULT_RESOURCES,
      readiness: props.readiness ?? kplus.Probe.fromTcpSocket({ port: spec.ports[0].targetPort }),
      volumeMounts: [{ path: '/tmp', volume: tmp }],
      securityContext: {
        ensureNonRoot: exceptions.runAsRoot === undefined,
        ...(exceptions.runAsRoot !== undefined ? { user: 0, group: 0 } : {}),
        readOnlyRootFilesystem: exceptions.writableRootFilesystem === undefined,
        allowPrivilegeEscalation: exceptions.allowPrivilegeEscalation !== undefined,
        privileged: false,
        capabilities: { drop: [kplus.Capability.ALL] },
        seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      },
    }],
  });
  // The RuntimeDefault seccomp profile at pod level also covers the injected istio-proxy.
  ApiObject.of(deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
  return deployment;
}

/** The recorded exceptions: hardening relaxations and the missing NetworkPolicy, each with its justification. */
function deploymentAnnotations(path: string, exceptions: HardeningExceptions, networkException: string | undefined): Record<string, string> {
  return {
    ...hardeningAnnotations(path, exceptions),
    ...(networkException !== undefined ? { [NETWORK_EXCEPTION_ANNOTATION]: networkException } : {}),
  };
}

/** The ClusterIP Service (`<scope>/Service`) in front of the Deployment, ports with `appProtocol`. */
export function meshKubeService(scope: Construct, spec: { name: string; namespace: string; ports: readonly PortModel[]; deployment: kplus.Deployment; labels: Readonly<Record<string, string>> }): kplus.Service {
  const service = new kplus.Service(scope, 'Service', {
    metadata: { name: spec.name, namespace: spec.namespace, ...(Object.keys(spec.labels).length ? { labels: { ...spec.labels } } : {}) },
    selector: spec.deployment,
    ports: spec.ports.map((p) => ({ port: p.port, targetPort: p.targetPort, name: p.name })),
  });
  // cdk8s-plus has no appProtocol; Istio reads it before the port-name prefix.
  spec.ports.forEach((p, i) => ApiObject.of(service).addJsonPatch(JsonPatch.add(`/spec/ports/${i}/appProtocol`, p.protocol)));
  return service;
}
