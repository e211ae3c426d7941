// SPDX-License-Identifier: Apache-2.0
import { compare } from '../access-rules';
import type { Manifest } from '../manifest';
import {
  GATEWAY_API,
  GATEWAY_API_GROUP,
  HTTP_REDIRECT_PORT,
  HTTPS_PORT,
  ISTIO_GATEWAY_CLASS,
  NAMESPACE_NAME_LABEL,
  type GatewaySpec,
  type Listener,
} from './gateway-api';
import { listenerName } from './ingress-names';
import type { IngressGatewayModel } from '../../model/ingress-model';

/** Annotation recording why the gateway also listens for plain HTTP. */
export const PLAINTEXT_LISTENER_ANNOTATION = 'mesh.cdk8s.io/ingress-exception.plaintext-listener';

/**
 * The Gateway API `Gateway` of class `istio` (SP 800-204A SM-DR7): Istio deploys it and exposes it
 * with a Service of its own, so only the gateway is reachable from outside the cluster. One HTTPS
 * listener per hostname on 443, terminating TLS with the certificate of a Secret; each admits only
 * HTTPRoutes, from the namespaces the gateway's own routes live in. With the justified opt-in, one
 * plain-HTTP listener per hostname on 80, whose only route redirects to HTTPS.
 */
export function gateway(model: IngressGatewayModel): Manifest<GatewaySpec> {
  const https: Listener[] = model.hostnames.map((hostname) => ({
    name: listenerName('https', hostname),
    hostname,
    port: HTTPS_PORT,
    protocol: 'HTTPS',
    tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: model.tlsSecret }] },
    allowedRoutes: allowedRoutes(model.namespace, model.routes.filter((r) => r.hostnames.includes(hostname)).map((r) => r.service.namespace)),
  }));
  const http: Listener[] = model.httpRedirect
    ? model.hostnames.map((hostname) => ({
      name: listenerName('http', hostname),
      hostname,
      port: HTTP_REDIRECT_PORT,
      protocol: 'HTTP',
      allowedRoutes: allowedRoutes(model.namespace, [model.namespace]),
    }))
    : [];
  return {
    apiVersion: GATEWAY_API,
    kind: 'Gateway',
    metadata: {
      name: model.name,
      namespace: model.namespace,
      ...(model.httpRedirect ? { annotations: { [PLAINTEXT_LISTENER_ANNOTATION]: model.httpRedirect.justification } } : {}),
    },
    spec: { gatewayClassName: ISTIO_GATEWAY_CLASS, listeners: [...https, ...http] },
  };
}

/** HTTPRoutes only, from the gateway's namespace alone (`Same`) or exactly the listed namespaces. */
function allowedRoutes(gatewayNamespace: string, routeNamespaces: readonly string[]): Listener['allowedRoutes'] {
  const namespaces = [...new Set(routeNamespaces)].sort(compare);
  const kinds = [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute' as const }];
  if (namespaces.every((ns) => ns === gatewayNamespace)) return { kinds, namespaces: { from: 'Same' } };
  return {
    kinds,
    namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: namespaces }] } },
  };
}
