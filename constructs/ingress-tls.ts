// SPDX-License-Identifier: Apache-2.0
import { checkName } from './private/input-checks';

/**
 * How an ingress gateway terminates TLS (SP 800-204 MS-SS-4: client traffic is encrypted up to
 * the gateway, and mutual TLS inside the mesh from there). Renders to each HTTPS listener's `tls`.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewaytlsconfig
 */
export class IngressTls {
  /**
   * Terminates TLS with the certificate and private key of a `kubernetes.io/tls` Secret in the
   * gateway's namespace (managed outside this library, e.g. by cert-manager). The certificate
   * must cover every hostname of the gateway. Renders `tls: { mode: Terminate, certificateRefs:
   * [{ group: "", kind: Secret, name }] }`.
   */
  public static fromSecret(secretName: string): IngressTls {
    checkName('IngressTls.fromSecret', 'Secret name', secretName, 'the Secret name', 'dns1123-subdomain');
    return new IngressTls(secretName);
  }

  /** Name of the Secret holding the certificate and key. */
  public readonly secretName: string;

  private constructor(secretName: string) {
    this.secretName = secretName;
  }
}
