// SPDX-License-Identifier: Apache-2.0

/**
 * An IPv4 or IPv6 address as an unsigned integer, with Go `net/netip` parsing rules.
 * Shared by the CEL `ip()`/`cidr()` library and the `ipv4`/`ipv6`/`cidr` schema formats.
 */
export class IpAddress {
  /**
   * Parses an address. `strict` follows `netip.ParseAddr` (no leading zeros in IPv4
   * octets); otherwise the older `net.ParseIP` rules apply. Zones (`%eth0`) are rejected.
   * Returns an error message instead of throwing.
   */
  public static parse(s: string, strict = true): IpAddress | string {
    if (s.includes('%')) return `IP address "${s}" with zone value is not allowed`;
    if (s.includes(':')) {
      const v6 = parseV6(s, strict);
      return v6 === undefined ? `IP address "${s}": unable to parse IPv6 address` : new IpAddress(6, v6);
    }
    const v4 = parseV4(s, strict);
    return v4 === undefined ? `IP address "${s}": unable to parse IPv4 address` : new IpAddress(4, v4);
  }

  private constructor(public readonly family: 4 | 6, public readonly value: bigint) {}

  /** Number of bits of the address (32 or 128). */
  public get bits(): number {
    return this.family === 4 ? 32 : 128;
  }

  /** Whether this is an IPv4 address written as IPv6 (`::ffff:1.2.3.4`). */
  public get is4In6(): boolean {
    return this.family === 6 && this.value >> 32n === 0xffffn;
  }

  public isUnspecified(): boolean {
    return this.value === 0n;
  }

  public isLoopback(): boolean {
    return this.family === 4 ? this.inPrefix(0x7f000000n, 8) : this.value === 1n;
  }

  public isMulticast(): boolean {
    return this.family === 4 ? this.inPrefix(0xe0000000n, 4) : this.inPrefix(0xffn << 120n, 8);
  }

  public isLinkLocalMulticast(): boolean {
    return this.family === 4 ? this.inPrefix(0xe0000000n, 24) : this.inPrefix(0xff02n << 112n, 16);
  }

  public isLinkLocalUnicast(): boolean {
    return this.family === 4 ? this.inPrefix(0xa9fe0000n, 16) : this.inPrefix(0xfe80n << 112n, 10);
  }

  public isGlobalUnicast(): boolean {
    if (this.family === 4 && this.value === 0xffffffffn) return false;
    return !(this.isUnspecified() || this.isLoopback() || this.isMulticast() || this.isLinkLocalUnicast());
  }

  /** The address with all but the first `prefixLength` bits cleared. */
  public masked(prefixLength: number): IpAddress {
    const hostBits = BigInt(this.bits - prefixLength);
    return new IpAddress(this.family, (this.value >> hostBits) << hostBits);
  }

  /** Canonical text form (RFC 5952 for IPv6). */
  public toString(): string {
    if (this.family === 4) {
      return [24n, 16n, 8n, 0n].map((sh) => ((this.value >> sh) & 0xffn).toString()).join('.');
    }
    const groups: number[] = [];
    for (let i = 7; i >= 0; i--) groups.push(Number((this.value >> BigInt(i * 16)) & 0xffffn));
    let bestStart = -1;
    let bestLen = 1;
    for (let i = 0; i < 8;) {
      if (groups[i] !== 0) { i++; continue; }
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
      i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (bestStart < 0) return hex.join(':');
    return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
  }

  private inPrefix(prefix: bigint, length: number): boolean {
    const hostBits = BigInt(this.bits - length);
    return this.value >> hostBits === prefix >> hostBits;
  }
}

function parseV4(s: string, strict: boolean): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || (strict && p.length > 1 && p.startsWith('0'))) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseV6(s: string, strict: boolean): bigint | undefined {
  let text = s;
  let v4Groups: bigint[] = [];
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseV4(last, strict);
    if (v4 === undefined) return undefined;
    v4Groups = [v4 >> 16n, v4 & 0xffffn];
    text = s.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = hexGroups(halves[0]);
  const rest = halves.length === 2 ? hexGroups(halves[1]) : [];
  if (head === undefined || rest === undefined) return undefined;
  const explicit = head.length + rest.length + v4Groups.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  const zeros = Array<bigint>(8 - explicit).fill(0n);
  return [...head, ...zeros, ...rest, ...v4Groups].reduce((acc, g) => (acc << 16n) | g, 0n);
}

function hexGroups(text: string): bigint[] | undefined {
  if (text === '') return [];
  const out: bigint[] = [];
  for (const g of text.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    out.push(BigInt(`0x${g}`));
  }
  return out;
}
