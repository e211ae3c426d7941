// SPDX-License-Identifier: Apache-2.0
import type { IMeshService } from './mesh-reference';
import type { IPeer, PeerConfig } from './peer-config';
import { checkCidr, checkName } from './private/input-checks';
import type { IWorkloadIdentity } from './workload-identity';

/**
 * Who an access rule is about (the subject, SP 800-204B). Mesh services and workload identities
 * are peers themselves; these factories name the others.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 */
export abstract class Peer implements IPeer {
  /** A mesh service: the SPIFFE identity of its pods. Renders to `source.principals`. */
  public static service(service: IMeshService): IPeer {
    return service;
  }

  /** A workload identity (service account). Renders to `source.principals`. */
  public static identity(identity: IWorkloadIdentity): IPeer {
    return identity;
  }

  /**
   * Every workload of a namespace, by the namespace in its mTLS identity.
   * Renders to `source.namespaces`.
   */
  public static namespace(namespace: string): IPeer {
    checkName('Peer.namespace', 'namespace', namespace, 'the namespace', 'dns1123-label');
    return new StaticPeer({ label: `namespace ${namespace}`, namespaces: [namespace] });
  }

  /** Any peer with a valid mesh identity. Renders to `source.principals: ["*"]`. */
  public static anyAuthenticated(): IPeer {
    return new StaticPeer({ label: 'any authenticated peer', anyAuthenticated: true });
  }

  /**
   * Any source, authenticated or not: the rule places no condition on the peer (no `from`).
   * Under the mesh's STRICT mTLS only mesh workloads can connect anyway; use it for DENY and
   * AUDIT rules that must cover every caller.
   */
  public static anyone(): IPeer {
    return new StaticPeer({ label: 'anyone', anyone: true });
  }

  /**
   * Direct peers whose source IP is in a CIDR block (or is one address).
   * Renders to `source.ipBlocks`.
   */
  public static ipBlock(cidr: string): IPeer {
    checkCidr('Peer.ipBlock', cidr);
    return new StaticPeer({ label: `ip block ${cidr}`, ipBlocks: [cidr] });
  }

  /** Describes the sources this peer stands for. */
  public abstract toPeerConfig(): PeerConfig;
}

class StaticPeer extends Peer {
  constructor(private readonly config: PeerConfig) {
    super();
  }
  public toPeerConfig(): PeerConfig {
    return this.config;
  }
}
