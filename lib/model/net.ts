// SPDX-License-Identifier: Apache-2.0
import { isIP } from 'node:net';

/**
 * True when `value` is an IP address or a CIDR block in the form Istio accepts for
 * `ipBlocks` and `source.ip` (IPv4 or IPv6, prefix length within the family's range).
 */
export function isIpOrCidr(value: string): boolean {
  if (typeof value !== 'string') return false;
  const [address, prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
