// SPDX-License-Identifier: Apache-2.0
import type { IngressTls } from './ingress-tls';

/**
 * A plain-HTTP listener that only redirects to HTTPS. Serving port 80 at all is an exception to
 * HTTPS-only ingress, so it takes a written justification.
 */
export interface HttpRedirectOptions {
  /**
   * Why clients must be able to reach the gateway over plain HTTP (at least 10 characters),
   * e.g. `legacy clients type http:// URLs; HSTS preload tracked in SEC-88`. Recorded on the
   * Gateway as the annotation `mesh.cdk8s.io/ingress-exception.plaintext-listener`.
   */
  readonly justification: string;
}

/** Options for `new IngressGateway(...)` without the mesh (and for a `Mesh` factory). */
export interface IngressGatewayOptions {
  /**
   * Hostnames the gateway serves (1 to 16 DNS names, lower case, optionally with a leading `*.`
   * for one wildcard level or more). One HTTPS listener is rendered per hostname; requests for
   * any other host are rejected.
   */
  readonly hostnames: string[];
  /** How TLS is terminated, e.g. `IngressTls.fromSecret('shop-tls')`. */
  readonly tls: IngressTls;
  /**
   * Name of the Gateway (a DNS-1035 label of at most 57 characters: Istio names the gateway's
   * Deployment, Service and ServiceAccount `<name>-istio`).
   *
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the Gateway and its policies. When no mesh service lives there, the gateway
   * emits the Namespace and its default-deny (`allow-nothing`) policy itself.
   *
   * @default - the chart's namespace, or `default` when the chart has none
   */
  readonly namespace?: string;
  /**
   * Also listen for plain HTTP on port 80, only to redirect every request to HTTPS (301).
   *
   * @default - no plain-HTTP listener: the gateway accepts HTTPS only
   */
  readonly httpRedirect?: HttpRedirectOptions;
}
