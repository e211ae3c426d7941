// SPDX-License-Identifier: Apache-2.0
import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type { AccessOptions } from './access';
import type { IMesh } from './i-mesh';
import type { HttpRedirectOptions, IngressGatewayOptions } from './ingress-gateway-options';
import type { IngressRouteOptions } from './ingress-route-options';
import { Match } from './match';
import type { IMeshService } from './mesh-reference';
import { MeshService } from './mesh-service';
import type { IPeer, PeerConfig } from './peer-config';
import { buildIngressRoute, checkHostnames } from './private/ingress-checks';
import { enrolGatewayNamespace } from './private/ingress-namespace';
import { checkKnownKeys, checkName } from './private/input-checks';
import { claimInApp, meshHooks, type MeshHooks } from './private/mesh-registry';
import { WorkloadIdentity, type IWorkloadIdentity } from './workload-identity';
import { inexpressibleOverlap } from '../lib/compile/ingress/gateway-authorization';
import { compileIngress, ingressSlots } from '../lib/compile/ingress/ingress-compiler';
import { defaultRouteName, gatewayServiceAccount, MAX_GATEWAY_NAME_LENGTH, redirectRouteName } from '../lib/compile/ingress/ingress-names';
import { matchesOf, MAX_NESTED_METHOD_SETS, sameMatch } from '../lib/compile/ingress/route-precedence';
import type { Manifest } from '../lib/compile/manifest';
import { MeshError } from '../lib/model/errors';
import type { IngressGatewayModel, IngressRouteModel, RoutePathModel } from '../lib/model/ingress-model';

/** Properties of an `IngressGateway`. */
export interface IngressGatewayProps extends IngressGatewayOptions {
  /** The mesh whose services the gateway routes to. */
  readonly mesh: IMesh;
}

/**
 * The way into the mesh from outside the cluster (SP 800-204A SM-DR7, SP 800-204 MS-SS-2/4):
 * a Gateway API `Gateway` of class `istio`, which Istio deploys as an Envoy running as the
 * ServiceAccount `<name>-istio` behind a Service of type LoadBalancer — the only thing exposed;
 * mesh services stay ClusterIP. It terminates TLS (one HTTPS listener per hostname) and admits
 * exactly what `route()` forwards: an AuthorizationPolicy attached to the Gateway denies every
 * other request, and routes that name an `EndUser` require that user's validated token there
 * (a RequestAuthentication attached to the Gateway; claims copied to headers, the token itself
 * not forwarded unless the issuer asks). Each route also admits the gateway's identity on the
 * destination service for exactly its paths and methods.
 *
 * The gateway is a peer: `service.allowFrom(gateway, …)` names its identity.
 *
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
 */
export class IngressGateway extends Construct implements IPeer {
  /** Gateway name. */
  public readonly name: string;
  /** Namespace of the Gateway and its policies. */
  public readonly namespace: string;
  /** The mesh whose services the gateway routes to. */
  public readonly mesh: IMesh;
  /** Hostnames the gateway serves, sorted. */
  private readonly _hostnames: string[];

  /** The hostnames the gateway serves (a copy). */
  public get hostnames(): string[] {
    return [...this._hostnames];
  }
  /** The identity the gateway's pods present to mesh services: ServiceAccount `<name>-istio`. */
  public readonly identity: IWorkloadIdentity;
  /** The Gateway object (escape hatch: `addJsonPatch`, e.g. to set Istio's service-type annotation). */
  public readonly resource: ApiObject;

  private readonly _tlsSecret: string;
  private readonly _httpRedirect?: HttpRedirectOptions;
  private readonly _routes: IngressRouteModel[] = [];
  private readonly _hooks: MeshHooks;
  private readonly _objects = new Map<string, ApiObject>();
  private _compiled?: Manifest[];

  constructor(scope: Construct, id: string, props: IngressGatewayProps) {
    super(scope, id);
    const path = this.node.path;
    checkKnownKeys(path, 'IngressGateway', props, ['mesh', 'hostnames', 'tls', 'name', 'namespace', 'httpRedirect']);
    this.mesh = props.mesh;
    this._hooks = meshHooks(props.mesh, path);
    this.name = props.name ?? id;
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';
    checkName(path, 'gateway name', this.name, 'name', 'dns1035-label');
    if (this.name.length > MAX_GATEWAY_NAME_LENGTH) {
      throw new MeshError({ path, problem: 'gateway name too long', value: this.name, expected: `at most ${MAX_GATEWAY_NAME_LENGTH} characters (Istio names the gateway's Service "<name>-istio", a DNS-1035 label of at most 63)`, fix: 'set a shorter `name`' });
    }
    checkName(path, 'namespace', this.namespace, 'namespace', 'dns1123-label');
    if (SYSTEM_NAMESPACES.includes(this.namespace) || this.namespace === this.mesh.rootNamespace) {
      throw new MeshError({
        path,
        problem: 'gateway in a system or the root namespace',
        value: this.namespace,
        expected: `an application namespace: Istio injects no proxy in ${SYSTEM_NAMESPACES.join(', ')}, and policies in the root namespace "${this.mesh.rootNamespace}" apply mesh-wide`,
        fix: 'set `namespace`, e.g. "ingress"',
      });
    }
    this._hostnames = checkHostnames(path, props.hostnames);
    if (typeof props.tls?.secretName !== 'string') {
      throw new MeshError({ path, problem: 'missing tls', value: props.tls, expected: 'the TLS certificate of the HTTPS listeners', fix: 'set tls: IngressTls.fromSecret("<secret name>")' });
    }
    this._tlsSecret = props.tls.secretName;
    this._httpRedirect = checkRedirect(path, props.httpRedirect);
    const owner = claimInApp(this, `Gateway ${this.namespace}/${this.name}`);
    if (owner !== undefined) {
      throw new MeshError({ path, problem: 'duplicate gateway name', value: `${this.namespace}/${this.name}`, expected: `a name not yet used in namespace "${this.namespace}" (already used by ${owner})`, fix: 'give one of the gateways another `name` or `namespace`' });
    }
    if (this._httpRedirect) this._claimRoute(redirectRouteName(this), this.namespace, 'the HTTPS redirect');

    enrolGatewayNamespace(this, this.mesh, this.namespace);
    this.identity = new WorkloadIdentity(this, 'Identity', { serviceAccountName: gatewayServiceAccount(this.name), namespace: this.namespace, trustDomain: this.mesh.trustDomain });
    this._sync();
    this.resource = this._objects.get('Gateway')!;
    this.node.addValidation({ validate: () => this._validate() });
  }

  /**
   * Forwards requests for `options.paths` (and methods, hostnames) to `service`: an HTTPRoute
   * in the service's namespace, a rule of the gateway's AuthorizationPolicy (with the end user's
   * token required when `endUser` is set), and `service.allowFrom(gateway, …)` on exactly these
   * paths and methods and the routed port.
   */
  public route(service: IMeshService, options: IngressRouteOptions): void {
    const path = this.node.path;
    if (!MeshService.isMeshService(service)) {
      throw new MeshError({ path, problem: 'route: not a mesh service', value: String(service?.node?.path ?? service), expected: 'a MeshService (created with mesh.addService)', fix: 'route to a service the mesh manages' });
    }
    const where = `route(${service.namespace}/${service.name})`;
    if (service.mesh !== this.mesh) {
      throw new MeshError({
        path,
        problem: `${where}: route to a service of another mesh`,
        value: service.node.path,
        expected: `a service of the gateway's mesh ${this.mesh.node.path} (the service belongs to ${service.mesh.node.path})`,
        fix: 'route to a service of the same mesh, or give the other mesh its own IngressGateway',
      });
    }
    const route = buildIngressRoute({ path, gatewayHostnames: this._hostnames, where, defaultRouteName: defaultRouteName(this.name, service.name) }, service, options);
    this._checkRoute(route, where);
    service.allowFrom(this, admission(route, options));
    this._routes.push(route);
    this._sync();
  }

  public toPeerConfig(): PeerConfig {
    return {
      label: `gateway ${this.namespace}/${this.name}`,
      identities: [{ namespace: this.namespace, serviceAccount: gatewayServiceAccount(this.name), trustDomain: this.mesh.trustDomain }],
      mesh: this.mesh,
    };
  }

  /**
   * The collected intent of this gateway.
   * @internal
   */
  public _toModel(): IngressGatewayModel {
    return {
      path: this.node.path,
      name: this.name,
      namespace: this.namespace,
      hostnames: [...this._hostnames],
      tlsSecret: this._tlsSecret,
      ...(this._httpRedirect ? { httpRedirect: { justification: this._httpRedirect.justification.trim() } } : {}),
      routes: [...this._routes],
    };
  }

  /** HTTPRoute sharing, Gateway API limits, duplicates, and what the gateway policy can express. */
  private _checkRoute(route: IngressRouteModel, where: string): void {
    const fail = (problem: string, value: unknown, expected: string, fix: string) => new MeshError({ path: this.node.path, problem: `${where}: ${problem}`, value, expected, fix });
    const ns = route.service.namespace;
    const sharing = this._routes.filter((r) => r.routeName === route.routeName && r.service.namespace === ns);
    if (sharing.length === 0) {
      this._claimRoute(route.routeName, ns, where);
    } else if (JSON.stringify(sharing[0].hostnames) !== JSON.stringify(route.hostnames)) {
      throw fail('hostnames differ from the other routes of its HTTPRoute', route.hostnames, `the hostnames of HTTPRoute ${ns}/${route.routeName}: ${sharing[0].hostnames.join(', ')}`, 'give this route its own HTTPRoute with `name`');
    }
    const matches = matchesOf(route).length;
    const total = sharing.reduce((n, r) => n + matchesOf(r).length, matches);
    if (sharing.length + 1 > 16 || matches > 64 || total > 128) {
      throw fail('HTTPRoute too large', { rules: sharing.length + 1, matches, total },
        'at most 16 routes per HTTPRoute, 64 path × method combinations per route and 128 per HTTPRoute (Gateway API limits)', 'split the routes over several HTTPRoutes with `name`');
    }
    for (const other of this._routes.filter((r) => r.hostnames.some((h) => route.hostnames.includes(h)))) {
      const dup = matchesOf(route).find((m) => matchesOf(other).some((o) => sameMatch(m, o)));
      if (dup) {
        throw fail('path already routed', `${dup.method ?? 'any method'} ${dup.path.value}`, `a path and method not routed yet on the same hostname (routed to ${other.service.namespace}/${other.service.name} by ${other.declaredAt})`, 'remove one of the routes, or give them different methods or hostnames');
      }
    }
    const overlap = inexpressibleOverlap({ ...this._toModel(), routes: [...this._routes, route] });
    if (overlap) {
      throw fail('too many method-specific routes with other end-user requirements nested in one route', overlap.innerMatch,
        `at most ${MAX_NESTED_METHOD_SETS} different method sets among the routes nested in ${overlap.route.declaredAt} that require another end user (e.g. ${overlap.inner.declaredAt}): each doubles the operations of the gateway policy`,
        'give the nested routes the same methods, or list methods on the enclosing route too');
    }
  }

  private _claimRoute(name: string, namespace: string, what: string): void {
    const owner = claimInApp(this, `HTTPRoute ${namespace}/${name}`);
    if (owner !== undefined) {
      throw new MeshError({ path: this.node.path, problem: `HTTPRoute name of ${what} already used`, value: `${namespace}/${name}`, expected: `an HTTPRoute name not yet used in namespace "${namespace}" (used by ${owner})`, fix: 'set the route\'s `name`, or rename the gateway' });
    }
  }

  /** Creates the ApiObject of every object the gateway now needs; specs are computed at synth. */
  private _sync(): void {
    this._compiled = undefined;
    const model = this._toModel();
    let now: Manifest[] | undefined;
    for (const slot of ingressSlots(model)) {
      const key = slot.kind === 'Gateway' ? 'Gateway' : `${slot.kind}.${slot.namespace}.${slot.name}`;
      if (this._objects.has(key)) continue;
      const compiled = (): Manifest => {
        this._compiled ??= compileIngress(this._toModel());
        const found = this._compiled.find((m) => m.kind === slot.kind && m.metadata.name === slot.name && m.metadata.namespace === slot.namespace);
        if (!found) throw new Error(`internal error: the ingress compiler announced ${key} for ${this.node.path} but did not produce it`);
        return found;
      };
      // Annotations are fixed at construction (the plain-HTTP justification); specs change with routes.
      now ??= compileIngress(model);
      const annotations = now.find((m) => m.kind === slot.kind && m.metadata.name === slot.name && m.metadata.namespace === slot.namespace)?.metadata.annotations;
      this._objects.set(key, new ApiObject(this, slot.kind === 'Gateway' ? 'Resource' : key, {
        apiVersion: slot.apiVersion,
        kind: slot.kind,
        metadata: { name: slot.name, namespace: slot.namespace, ...(annotations ? { annotations: { ...annotations } } : {}) },
        spec: Lazy.any({ produce: () => compiled().spec }),
      }));
    }
  }

  /** Deferred (tier b) checks: routes for every hostname, and no clash with the mesh's services. */
  private _validate(): string[] {
    const errors: string[] = [];
    if (this._routes.length === 0) {
      errors.push(`ingress gateway ${this.namespace}/${this.name} has no routes: it would expose a load balancer that admits nothing; fix: call gateway.route(service, { paths }) or remove the gateway`);
    } else {
      for (const h of this._hostnames.filter((host) => !this._routes.some((r) => r.hostnames.includes(host)))) {
        errors.push(`hostname ${h} of ingress gateway ${this.namespace}/${this.name} has no route (SP 800-204A SM-DR7: every served host is routed); fix: route it with gateway.route(service, { paths, hostnames: ['${h}'] }) or remove it from hostnames`);
      }
    }
    const account = gatewayServiceAccount(this.name);
    for (const s of this._hooks.model().services.filter((x) => x.namespace === this.namespace && (x.name === this.name || x.name === account))) {
      errors.push(`mesh service ${s.namespace}/${s.name} clashes with ingress gateway ${this.name} (its policies, or the Deployment, Service and ServiceAccount "${account}" Istio creates for the gateway); fix: rename the gateway or the service`);
    }
    return errors;
  }
}

/** What the destination admits from the gateway: the routed paths, methods and port; the end user only if the token reaches it. */
function admission(route: IngressRouteModel, options: IngressRouteOptions): AccessOptions {
  const forwarded = route.endUser?.issuer.forwardOriginalToken === true;
  return {
    paths: route.paths.flatMap(destinationPaths),
    ...(options.methods ? { methods: options.methods } : {}),
    ports: [route.port],
    ...(forwarded ? { endUser: options.endUser } : {}),
  };
}

/** The same request paths as Istio matches: a PathPrefix is the path itself and everything below it. */
function destinationPaths(p: RoutePathModel): Match[] {
  if (p.type === 'Exact') return [Match.exact(p.value)];
  return p.value === '/' ? [Match.prefix('/')] : [Match.exact(p.value), Match.prefix(`${p.value}/`)];
}

function checkRedirect(path: string, redirect: HttpRedirectOptions | undefined): HttpRedirectOptions | undefined {
  if (redirect === undefined) return undefined;
  checkKnownKeys(path, 'httpRedirect', redirect, ['justification']);
  if (typeof redirect.justification !== 'string' || redirect.justification.trim().length < 10) {
    throw new MeshError({
      path,
      problem: 'plain-HTTP listener without a justification',
      value: redirect.justification,
      expected: 'a written justification of at least 10 characters (ingress is HTTPS-only by default, SP 800-204A SM-DR20)',
      fix: 'set httpRedirect: { justification: \'legacy clients type http:// URLs; HSTS preload tracked in SEC-88\' }, or remove httpRedirect',
    });
  }
  return redirect;
}

/** Namespaces Istio's injector never touches (as for mesh services). */
const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];
