// SPDX-License-Identifier: Apache-2.0
/** Eager (tier a) checks of `MeshService` input; each throws a MeshError naming the fix. */
import type { HardeningExceptions } from '../hardening';
import { PortProtocol, type MeshServicePort } from '../port';
import { MeshError } from '../../lib/model/errors';
import type { PortModel } from '../../lib/model/mesh-model';
import { isIpOrCidr } from '../../lib/model/net';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, suggestDns1123Label } from '../../lib/model/names';

/**
 * Ports the Istio sidecar and ztunnel use in the pod or node; an application listening on
 * one of them would be shadowed or break the proxy.
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio
 */
export const ISTIO_RESERVED_PORTS: readonly number[] = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];

const PROTOCOLS = Object.values(PortProtocol) as string[];

/** Port numbers, names and protocols of a service. */
export function checkPorts(path: string, ports: MeshServicePort[] | undefined): void {
  if (!Array.isArray(ports) || ports.length === 0) {
    throw new MeshError({ path, problem: 'no ports', value: ports, expected: 'at least one port', fix: 'set `ports`, e.g. [{ port: 8080, protocol: PortProtocol.HTTP }]' });
  }
  const seenPorts = new Set<number>();
  const seenNames = new Set<string>();
  const resolved: { targetPort: number; protocol: string }[] = [];
  for (const [i, p] of ports.entries()) {
    const at = `ports[${i}]`;
    checkKnownKeys(path, at, p, ['port', 'protocol', 'targetPort', 'name']);
    checkPortNumber(path, `${at}.port`, p.port);
    if (p.targetPort !== undefined) checkPortNumber(path, `${at}.targetPort`, p.targetPort);
    const target = p.targetPort ?? p.port;
    if (ISTIO_RESERVED_PORTS.includes(target)) {
      throw new MeshError({
        path,
        problem: `${at}: container port reserved by the Istio proxy`,
        value: target,
        expected: `a port other than ${ISTIO_RESERVED_PORTS.join(', ')}`,
        fix: 'make the application listen on another port and set `targetPort` to it',
      });
    }
    const protocol = p.protocol ?? PortProtocol.HTTP;
    if (!PROTOCOLS.includes(protocol)) {
      throw new MeshError({ path, problem: `${at}: unknown protocol`, value: protocol, expected: `one of ${PROTOCOLS.join(', ')}`, fix: 'use a PortProtocol value' });
    }
    const name = p.name ?? `${protocol}-${p.port}`;
    checkPortName(path, at, name, protocol);
    if (seenPorts.has(p.port)) {
      throw new MeshError({ path, problem: `${at}: duplicate port`, value: p.port, expected: 'each service port listed once', fix: 'remove the duplicate entry' });
    }
    if (seenNames.has(name)) {
      throw new MeshError({ path, problem: `${at}: duplicate port name`, value: name, expected: 'unique port names', fix: 'give the port another `name`' });
    }
    const sharing = resolved.find((r) => r.targetPort === target);
    if (sharing && sharing.protocol !== protocol) {
      throw new MeshError({
        path,
        problem: `${at}: container port ${target} already carries ${sharing.protocol}`,
        value: protocol,
        expected: 'one protocol per container port (the proxy parses each port as one protocol)',
        fix: `use protocol ${sharing.protocol} for this port too, or point targetPort at another container port`,
      });
    }
    resolved.push({ targetPort: target, protocol });
    seenPorts.add(p.port);
    seenNames.add(name);
  }
}

/** Ports with defaults applied, in declaration order. */
export function resolvePorts(ports: MeshServicePort[]): PortModel[] {
  return ports.map((p) => {
    const protocol = p.protocol ?? PortProtocol.HTTP;
    return { port: p.port, targetPort: p.targetPort ?? p.port, protocol, name: p.name ?? `${protocol}-${p.port}` };
  });
}

function checkPortNumber(path: string, prop: string, value: number): void {
  if (Number.isInteger(value) && value >= 1 && value <= 65535) return;
  throw new MeshError({ path, problem: `${prop} out of range`, value, expected: 'an integer from 1 to 65535', fix: `set ${prop} to a valid port number` });
}

/**
 * Port names are IANA service names (the API server's rule for container ports: at most 15
 * lower-case letters, digits and '-', at least one letter, no '--', no '-' at either end) and,
 * in this library, start with the protocol: `<protocol>` or `<protocol>-<suffix>`. Istio reads
 * `appProtocol` first, but tools and older proxies read the name, so the two must agree.
 */
function checkPortName(path: string, at: string, name: string, protocol: string): void {
  const iana = typeof name === 'string' && name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--');
  if (!iana) {
    throw new MeshError({ path, problem: `${at}: invalid port name`, value: name, expected: 'an IANA service name: at most 15 lower-case letters, digits and \'-\', with a letter, no \'--\' and no \'-\' at either end', fix: `set name to e.g. "${protocol}-web"` });
  }
  if (name !== protocol && !name.startsWith(`${protocol}-`)) {
    throw new MeshError({
      path,
      problem: `${at}: port name does not announce its protocol ${protocol}`,
      value: name,
      expected: `a name starting with "${protocol}-" (or no name, which becomes "${protocol}-<port>"), as Istio's protocol selection reads it`,
      fix: `rename the port to "${`${protocol}-${name.includes('-') ? name.slice(name.indexOf('-') + 1) : name}`.slice(0, 15)}", or set protocol to match its traffic`,
    });
  }
}

/** Eager check of a Kubernetes name; throws a MeshError naming the prop and the fix. */
export function checkName(path: string, what: string, value: string, prop: string, rule: NameRule): void {
  const { valid, expected } = NAME_RULES[rule];
  if (typeof value === 'string' && valid(value)) return;
  throw new MeshError({
    path,
    problem: `invalid ${what}`,
    value,
    expected,
    fix: `set ${prop} to a valid name, e.g. ${JSON.stringify(suggestDns1123Label(String(value)))}`,
  });
}

/** Which Kubernetes name rule a name must follow (apimachinery validation). */
export type NameRule = 'dns1123-label' | 'dns1123-subdomain' | 'dns1035-label';

const NAME_RULES: Record<NameRule, { valid: (v: string) => boolean; expected: string }> = {
  'dns1123-label': {
    valid: isDns1123Label,
    expected: 'a DNS-1123 label: lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters',
  },
  'dns1123-subdomain': {
    valid: isDns1123Subdomain,
    expected: 'a DNS-1123 subdomain: lower-case letters, digits, \'-\' and \'.\', at most 253 characters',
  },
  'dns1035-label': {
    valid: isDns1035Label,
    expected: 'a DNS-1035 label (Kubernetes Service names): lower-case letters, digits and \'-\', starting with a letter and ending with a letter or digit, at most 63 characters',
  },
};

/** SPIFFE trust domains: lower-case letters, digits, '.', '-' and '_' (SPIFFE-ID spec §2.1). */
export function checkTrustDomain(path: string, value: string): void {
  if (typeof value === 'string' && value.length <= 255 && /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/.test(value) && !value.includes('..')) return;
  throw new MeshError({
    path,
    problem: 'invalid trust domain',
    value,
    expected: 'a SPIFFE trust domain: lower-case letters, digits, \'.\', \'-\' and \'_\', starting and ending with a letter or digit, e.g. "cluster.local"',
    fix: 'set trustDomain to the trust domain of the Istio installation (meshConfig.trustDomain)',
  });
}

/** Annotation key prefix of recorded hardening exceptions. */
export const HARDENING_ANNOTATION_PREFIX = 'mesh.cdk8s.io/hardening-exception.';

const KEYS: Record<keyof HardeningExceptions, string> = {
  runAsRoot: 'run-as-root',
  writableRootFilesystem: 'writable-root-filesystem',
  allowPrivilegeEscalation: 'allow-privilege-escalation',
};

/** Validates the justifications and returns them as Deployment annotations. */
export function hardeningAnnotations(path: string, exceptions: HardeningExceptions): Record<string, string> {
  checkKnownKeys(path, 'hardeningExceptions', exceptions, Object.keys(KEYS));
  const annotations: Record<string, string> = {};
  for (const [prop, key] of Object.entries(KEYS) as [keyof HardeningExceptions, string][]) {
    const reason = exceptions[prop];
    if (reason === undefined) continue;
    if (typeof reason !== 'string' || reason.trim().length < 10) {
      throw new MeshError({
        path,
        problem: `hardening exception ${prop} without a justification`,
        value: reason,
        expected: 'a written justification of at least 10 characters',
        fix: `explain why the workload needs it, e.g. hardeningExceptions: { ${prop}: 'legacy image writes to /var/cache; tracked in SEC-123' }`,
      });
    }
    annotations[HARDENING_ANNOTATION_PREFIX + key] = reason.trim();
  }
  return annotations;
}

/** An IP address or CIDR block, as `ipBlocks` and `source.ip` take them. */
export function checkCidr(path: string, value: string): void {
  if (isIpOrCidr(value)) return;
  throw new MeshError({
    path,
    problem: 'invalid IP block',
    value,
    expected: 'an IPv4 or IPv6 address, or a CIDR block such as "10.0.0.0/8" or "2001:db8::/32"',
    fix: 'write the address or block in CIDR notation',
  });
}

/**
 * Rejects keys a props object does not define: in JavaScript or Python a misspelt option
 * (`path` for `paths`) would otherwise be ignored and the rule would allow more than intended.
 */
export function checkKnownKeys(path: string, what: string, value: object | undefined, known: readonly string[]): void {
  if (value === undefined || value === null || typeof value !== 'object') return;
  const unknown = Object.keys(value).filter((k) => !known.includes(k) && (value as Record<string, unknown>)[k] !== undefined);
  if (unknown.length === 0) return;
  throw new MeshError({ path, problem: `unknown ${what} option`, value: unknown[0], expected: `one of ${known.join(', ')}`, fix: `remove or rename "${unknown[0]}"` });
}
