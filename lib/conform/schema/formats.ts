// SPDX-License-Identifier: Apache-2.0
import { parseCidr } from '../cel/lib-ip';
import { parseRequestUri } from '../cel/go-url';
import { IpAddress } from '../cel/ip-address';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const HOSTNAME_LABEL = /^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$/;
const LONG_DURATION = /^\s*(\d+)\s*(ns|us|µs|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|sec|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?)\s*$/i;

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function isDateTime(s: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/.exec(s);
  return m !== null && isDate(m[1]) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 61;
}

/**
 * The string formats the API server validates for custom resources (kube-openapi's
 * `strfmt` registry). Formats not listed here (`int32`, `int64`, `double`, …) are not
 * validated by the API server either, and are dropped from the schema.
 */
export const KUBERNETES_FORMATS: Readonly<Record<string, (s: string) => boolean>> = {
  'bsonobjectid': (s) => /^[0-9a-fA-F]{24}$/.test(s),
  'uri': (s) => typeof parseRequestUri(s) !== 'string',
  'email': (s) => /^[^\s@]+@[^\s@]+$/.test(s),
  'hostname': (s) => s.length <= 255 && s.replace(/\.$/, '').split('.').every((l) => HOSTNAME_LABEL.test(l)),
  'ipv4': (s) => s.includes('.') && !s.includes(':') && typeof IpAddress.parse(s, false) !== 'string',
  'ipv6': (s) => s.includes(':') && typeof IpAddress.parse(s, false) !== 'string',
  'cidr': (s) => typeof parseCidr(s, false) !== 'string',
  'mac': (s) => /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{2}[:-]){7}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{2}[:-]){19}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{4}\.){2,9}[0-9a-fA-F]{4}$/.test(s),
  'uuid': (s) => UUID.test(s),
  'uuid3': (s) => UUID.test(s) && s.replace(/-/g, '')[12] === '3',
  'uuid4': (s) => UUID.test(s) && s.replace(/-/g, '')[12] === '4' && /[89ab]/i.test(s.replace(/-/g, '')[16]),
  'uuid5': (s) => UUID.test(s) && s.replace(/-/g, '')[12] === '5' && /[89ab]/i.test(s.replace(/-/g, '')[16]),
  'hexcolor': (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  'rgbcolor': (s) => /^rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)$/.test(s),
  'byte': (s) => /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s),
  'password': () => true,
  'date': isDate,
  'date-time': isDateTime,
  'datetime': isDateTime,
  'duration': (s) => GO_DURATION.test(s) || s === '0' || LONG_DURATION.test(s),
};
