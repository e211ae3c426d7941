// SPDX-License-Identifier: Apache-2.0
/**
 * IP addresses and CIDR blocks as Istio's `ipBlocks`, `remoteIpBlocks`, `source.ip`,
 * `destination.ip` and Cilium's `fromCIDR` take them: a single address (IPv4 or IPv6) or a
 * block `<address>/<bits>` (semantics §b3, attribute table).
 */

/** A parsed block: the address as a big integer, its family width and the prefix length. */
export interface IpBlock {
  readonly bits: 32 | 128;
  readonly value: bigint;
  readonly prefix: number;
}

/** Parses `10.0.0.0/8`, `10.1.2.3`, `2001:db8::/32` or `::1`; undefined when it is not one. */
export function parseIpBlock(text: string): IpBlock | undefined {
  const slash = text.indexOf('/');
  const addr = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!addr) return undefined;
  let prefix: number = addr.bits;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > addr.bits) return undefined;
    prefix = Number(p);
  }
  return { bits: addr.bits, value: addr.value, prefix };
}

/** Parses one address; undefined when it is not an IPv4 or IPv6 address. */
export function parseIp(text: string): { readonly bits: 32 | 128; readonly value: bigint } | undefined {
  const t = text.trim();
  if (t.includes(':')) return parseIpv6(t);
  const v4 = parseIpv4(t);
  return v4 === undefined ? undefined : { bits: 32, value: v4 };
}

/** Whether `ip` lies in `block` (never across families). */
export function blockContains(block: IpBlock, ip: string): boolean {
  const addr = parseIp(ip);
  if (!addr || addr.bits !== block.bits) return false;
  const shift = BigInt(block.bits - block.prefix);
  return (addr.value >> shift) === (block.value >> shift);
}

function parseIpv4(t: string): bigint | undefined {
  const parts = t.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseIpv6(t: string): { readonly bits: 128; readonly value: bigint } | undefined {
  let text = t;
  let tail: bigint[] = [];
  // An embedded IPv4 tail (`::ffff:10.0.0.1`) counts as two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    const head = text.slice(0, lastColon + 1);
    text = head.endsWith('::') ? head : head.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): bigint[] | undefined => {
    if (s === '') return [];
    const out: bigint[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(BigInt(parseInt(g, 16)));
    }
    return out;
  };
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !rest) return undefined;
  const given = head.length + rest.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
  const all = [...head, ...Array<bigint>(8 - given).fill(0n), ...rest, ...tail];
  return { bits: 128, value: all.reduce((acc, g) => (acc << 16n) | g, 0n) };
}
