// SPDX-License-Identifier: Apache-2.0
import { CelFunc, CelScalar, celFunc, celMethod } from '@bufbuild/cel';
import { IpAddress } from './ip-address';
import { OPAQUE, expectPayload, opaque, payloadOf } from './opaque';

const { BOOL, INT, STRING } = CelScalar;
const IP = 'net.IP';
const CIDR = 'net.CIDR';

/** A parsed CIDR: the address as written and the prefix length. */
interface Cidr {
  readonly ip: IpAddress;
  readonly prefixLength: number;
}

/** `netip.ParseAddr` plus the Kubernetes restrictions (no zone, no IPv4-mapped IPv6). */
function parseIp(s: string): IpAddress | string {
  const ip = IpAddress.parse(s, true);
  if (typeof ip === 'string') return ip;
  if (ip.is4In6) return `IPv4-mapped IPv6 address "${s}" is not allowed`;
  return ip;
}

/** `netip.ParsePrefix` plus the Kubernetes restrictions. */
export function parseCidr(s: string, strict = true): Cidr | string {
  const slash = s.indexOf('/');
  if (slash < 0) return `network address parse error during conversion from string: no '/' in "${s}"`;
  const ip = strict ? parseIp(s.slice(0, slash)) : IpAddress.parse(s.slice(0, slash), false);
  if (typeof ip === 'string') return ip;
  const bits = s.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bits) || Number(bits) > ip.bits) return `bad bits after slash in "${s}"`;
  return { ip, prefixLength: Number(bits) };
}

function mustIp(s: string): IpAddress {
  const ip = parseIp(s);
  if (typeof ip === 'string') throw new Error(ip);
  return ip;
}

function mustCidr(s: string): Cidr {
  const c = parseCidr(s);
  if (typeof c === 'string') throw new Error(c);
  return c;
}

function ipValue(ip: IpAddress) {
  return opaque(IP, ip.toString(), ip);
}

function cidrText(c: Cidr): string {
  return `${c.ip.toString()}/${c.prefixLength}`;
}

function cidrValue(c: Cidr) {
  return opaque(CIDR, cidrText(c), c);
}

function contains(c: Cidr, ip: IpAddress, prefixLength: number): boolean {
  return ip.family === c.ip.family && prefixLength >= c.prefixLength
    && ip.masked(c.prefixLength).value === c.ip.masked(c.prefixLength).value;
}

const ipMethod = (name: string, test: (ip: IpAddress) => boolean) =>
  celMethod(name, OPAQUE, [], BOOL, function () {
    return test(expectPayload<IpAddress>(this, IP, name));
  });

/**
 * The Kubernetes CEL IP and CIDR libraries (`k8s.io/apiserver/pkg/cel/library/ip.go`,
 * `cidr.go`).
 */
export const IP_FUNCTIONS: CelFunc[] = [
  celFunc('isIP', [STRING], BOOL, (s) => typeof parseIp(s) !== 'string'),
  celFunc('ip', [STRING], OPAQUE, (s) => ipValue(mustIp(s))),
  celFunc('ip.isCanonical', [STRING], BOOL, (s) => mustIp(s).toString() === s),
  celMethod('family', OPAQUE, [], INT, function () {
    return BigInt(expectPayload<IpAddress>(this, IP, 'family').family);
  }),
  ipMethod('isUnspecified', (ip) => ip.isUnspecified()),
  ipMethod('isLoopback', (ip) => ip.isLoopback()),
  ipMethod('isLinkLocalMulticast', (ip) => ip.isLinkLocalMulticast()),
  ipMethod('isLinkLocalUnicast', (ip) => ip.isLinkLocalUnicast()),
  ipMethod('isGlobalUnicast', (ip) => ip.isGlobalUnicast()),
  celFunc('isCIDR', [STRING], BOOL, (s) => typeof parseCidr(s) !== 'string'),
  celFunc('cidr', [STRING], OPAQUE, (s) => cidrValue(mustCidr(s))),
  celMethod('containsIP', OPAQUE, [STRING], BOOL, function (s) {
    const ip = mustIp(s);
    return contains(expectPayload<Cidr>(this, CIDR, 'containsIP'), ip, ip.bits);
  }),
  celMethod('containsIP', OPAQUE, [OPAQUE], BOOL, function (other) {
    const ip = expectPayload<IpAddress>(other, IP, 'containsIP');
    return contains(expectPayload<Cidr>(this, CIDR, 'containsIP'), ip, ip.bits);
  }),
  celMethod('containsCIDR', OPAQUE, [STRING], BOOL, function (s) {
    const sub = mustCidr(s);
    return contains(expectPayload<Cidr>(this, CIDR, 'containsCIDR'), sub.ip, sub.prefixLength);
  }),
  celMethod('containsCIDR', OPAQUE, [OPAQUE], BOOL, function (other) {
    const sub = expectPayload<Cidr>(other, CIDR, 'containsCIDR');
    return contains(expectPayload<Cidr>(this, CIDR, 'containsCIDR'), sub.ip, sub.prefixLength);
  }),
  celMethod('ip', OPAQUE, [], OPAQUE, function () {
    return ipValue(expectPayload<Cidr>(this, CIDR, 'ip').ip);
  }),
  celMethod('masked', OPAQUE, [], OPAQUE, function () {
    const c = expectPayload<Cidr>(this, CIDR, 'masked');
    return cidrValue({ ip: c.ip.masked(c.prefixLength), prefixLength: c.prefixLength });
  }),
  celMethod('prefixLength', OPAQUE, [], INT, function () {
    return BigInt(expectPayload<Cidr>(this, CIDR, 'prefixLength').prefixLength);
  }),
  celFunc('string', [OPAQUE], STRING, (v) => {
    const ip = payloadOf<IpAddress>(v, IP);
    if (ip) return ip.toString();
    const c = payloadOf<Cidr>(v, CIDR);
    if (c) return cidrText(c);
    throw new Error('no such overload: string applied to a map');
  }),
];
