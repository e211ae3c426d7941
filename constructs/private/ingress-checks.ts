// SPDX-License-Identifier: Apache-2.0
/** Eager (tier a) checks of ingress input; each throws a MeshError naming the fix. */
import { checkKnownKeys, checkName } from './input-checks';
import { listenerName } from '../../lib/compile/ingress/ingress-names';
import { MeshError } from '../../lib/model/errors';
import { carriesHttp } from '../../lib/model/http';
import type { IngressRouteModel, RoutePathModel } from '../../lib/model/ingress-model';
import type { IngressRouteOptions } from '../ingress-route-options';
import type { Match } from '../match';
import type { MeshService } from '../mesh-service';

/** At most this many hostnames: an HTTPRoute lists at most 16 (Gateway API). */
export const MAX_HOSTNAMES = 16;

/** Methods an HTTPRoute match accepts (Gateway API `HTTPMethod`). */
const ROUTE_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** A Gateway API hostname: a DNS name, lower case, optionally with a leading `*.`. */
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Characters of an HTTPRoute `Exact` / `PathPrefix` value (Gateway API), without `%`-escapes. */
const PATH_CHARS = /^[-A-Za-z0-9/._~!$&'()*+,;=:@]+$/;

/** The gateway's hostnames, checked and sorted. */
export function checkHostnames(path: string, hostnames: string[] | undefined): string[] {
  if (!Array.isArray(hostnames) || hostnames.length === 0 || hostnames.length > MAX_HOSTNAMES) {
    throw new MeshError({ path, problem: 'invalid hostnames', value: hostnames, expected: `1 to ${MAX_HOSTNAMES} hostnames`, fix: 'set `hostnames`, e.g. ["shop.example.com"]' });
  }
  for (const h of hostnames) checkHostname(path, 'hostnames', h);
  const unique = [...new Set(hostnames)];
  if (unique.length !== hostnames.length) {
    throw new MeshError({ path, problem: 'duplicate hostname', value: hostnames.find((h, i) => hostnames.indexOf(h) !== i), expected: 'each hostname listed once', fix: 'remove the duplicate entry' });
  }
  return unique.sort();
}

function checkHostname(path: string, prop: string, h: string): void {
  const ok = typeof h === 'string' && HOSTNAME.test(h) && listenerName('https', h).length <= 253
    && h.split('.').every((label) => label.length <= 63) && !/^[0-9.]+$/.test(h);
  if (ok) return;
  throw new MeshError({
    path,
    problem: `invalid ${prop} entry`,
    value: h,
    expected: 'a DNS name (lower-case letters, digits, \'-\' and \'.\', labels of at most 63 characters, at most 240 characters), optionally with a leading "*." — not an IP address',
    fix: 'write the hostname clients use, e.g. "shop.example.com" or "*.shop.example.com"',
  });
}

/** What a route is checked against. */
export interface RouteContext {
  /** Construct path of the gateway. */
  readonly path: string;
  readonly gatewayHostnames: readonly string[];
  /** How the call is shown in messages, e.g. `route(shop/cart)`. */
  readonly where: string;
  readonly defaultRouteName: string;
}

/** Checks one `route()` call on `service` and returns its model. */
export function buildIngressRoute(ctx: RouteContext, service: MeshService, options: IngressRouteOptions): IngressRouteModel {
  const fail = (problem: string, value: unknown, expected: string, fix: string) => new MeshError({ path: ctx.path, problem: `${ctx.where}: ${problem}`, value, expected, fix });
  if (typeof options !== 'object' || options === null) throw fail('no options', options, 'route options with at least `paths`', 'pass e.g. { paths: [Match.prefix("/")] }');
  checkKnownKeys(ctx.path, ctx.where, options, ['paths', 'methods', 'port', 'endUser', 'hostnames', 'name']);
  for (const key of ['paths', 'methods', 'hostnames'] as const) {
    const list = options[key];
    if ((list !== undefined || key === 'paths') && (!Array.isArray(list) || list.length === 0)) {
      throw fail(`empty ${key} list`, list, key === 'paths' ? 'at least one path' : `a non-empty list, or no \`${key}\` for the default`, key === 'paths' ? 'list the paths to route, e.g. [Match.prefix("/cart/")]' : `remove \`${key}\` or list at least one value`);
    }
  }
  const paths = dedupe(options.paths.map((m) => routePath(m, fail)));
  const methods = [...new Set((options.methods ?? []).map((m) => m.value))].sort();
  const unknownMethod = methods.find((m) => !ROUTE_METHODS.includes(m));
  if (unknownMethod) throw fail('method an HTTPRoute cannot match', unknownMethod, `one of ${ROUTE_METHODS.join(', ')}`, 'route without `methods`, and restrict the method on the service with allowFrom');

  const ports = service.ports.map((p) => ({ port: p.port, protocol: p.protocol ?? 'http' }));
  let port = ports.find((p) => p.port === options.port);
  if (options.port !== undefined && !port) {
    throw fail('port not exposed by the service', options.port, `one of the service ports ${ports.map((p) => p.port).join(', ')}`, 'set `port` to a port of the service');
  }
  if (port && !carriesHttp(port.protocol)) {
    throw fail(`route to a ${port.protocol} port`, port.port, 'an http, http2 or grpc port (an HTTPRoute forwards HTTP requests; opaque TCP would need a TCPRoute)', 'route to an HTTP port of the service');
  }
  if (!port) {
    const http = ports.filter((p) => carriesHttp(p.protocol));
    if (http.length !== 1) {
      throw fail(http.length === 0 ? 'service has no HTTP port' : 'service has several HTTP ports', ports.map((p) => `${p.port}/${p.protocol}`),
        http.length === 0 ? 'a service with an http, http2 or grpc port (an HTTPRoute forwards HTTP requests)' : 'the port to route to, named with `port`',
        http.length === 0 ? 'route to another service, or give this one an HTTP port' : `set \`port\` to one of ${http.map((p) => p.port).join(', ')}`);
    }
    port = http[0];
  }
  if (port.protocol === 'grpc' && methods.some((m) => m !== 'POST')) {
    throw fail('method never used by gRPC', methods.find((m) => m !== 'POST'), 'POST (every gRPC call is an HTTP/2 POST to /package.Service/Method)', 'use methods: [HttpMethod.POST], or no methods');
  }

  const hostnames = options.hostnames === undefined ? [...ctx.gatewayHostnames] : [...new Set(options.hostnames)].sort();
  const foreign = hostnames.find((h) => !ctx.gatewayHostnames.includes(h));
  if (foreign !== undefined) {
    throw fail('hostname the gateway does not serve', foreign, `one of the gateway's hostnames ${ctx.gatewayHostnames.join(', ')}`, 'add the hostname to the gateway\'s `hostnames`, or remove it from the route');
  }
  const routeName = options.name ?? ctx.defaultRouteName;
  checkName(ctx.path, `${ctx.where}: HTTPRoute name`, routeName, 'the route\'s `name`', 'dns1123-subdomain');
  return {
    declaredAt: ctx.where,
    routeName,
    service: { name: service.name, namespace: service.namespace },
    port: port.port,
    hostnames,
    paths,
    methods,
    ...(options.endUser ? { endUser: options.endUser._toModel() } : {}),
  };
}

/** A Match as an HTTPRoute path: exact or prefix, absolute, in Gateway API's character set; prefixes without a trailing `/`. */
function routePath(m: Match, fail: (problem: string, value: unknown, expected: string, fix: string) => MeshError): RoutePathModel {
  if (m?.kind !== 'exact' && m?.kind !== 'prefix') {
    throw fail('path match an HTTPRoute cannot express', m?.pattern, 'Match.exact or Match.prefix (HTTPRoute Exact or PathPrefix)', 'write the path as Match.exact("/x") or Match.prefix("/x/"); Match.prefix("/") routes every path');
  }
  const v = m.literal;
  const bad = !v.startsWith('/') || v.length > 1024 || !PATH_CHARS.test(v) || ['//', '/./', '/../'].some((s) => v.includes(s)) || v.endsWith('/.') || v.endsWith('/..');
  if (bad) {
    throw fail('invalid route path', v,
      'an absolute path of at most 1024 characters, of letters, digits and -/._~!$&\'()*+,;=:@, without "//", "/./", "/../", a trailing "/." or "/..", and without %-escapes',
      `write the path as the client sends it after normalization, e.g. Match.${m.kind}("/${v.replace(/^\/+/, '')}")`);
  }
  if (m.kind === 'exact') return { type: 'Exact', value: v };
  return { type: 'PathPrefix', value: v === '/' ? '/' : v.replace(/\/+$/, '') };
}

function dedupe(paths: RoutePathModel[]): RoutePathModel[] {
  const seen = new Map(paths.map((p) => [`${p.type} ${p.value}`, p]));
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
}
