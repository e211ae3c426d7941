// SPDX-License-Identifier: Apache-2.0

import { isDns1035Label, isDns1123Label, isDns1123Subdomain } from '../../model/names';

const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * How a kind's `metadata.name` is validated by the API server.
 */
export enum NameRule {
  /** RFC 1123 subdomain: most kinds, and every custom resource. */
  DNS_SUBDOMAIN = 'DnsSubdomain',
  /** RFC 1123 label: Namespace. */
  DNS_LABEL = 'DnsLabel',
  /** RFC 1035 label: Service. */
  DNS1035_LABEL = 'Dns1035Label',
  /** Any path segment: RBAC kinds. */
  PATH_SEGMENT = 'PathSegment',
}

/** Problems with `s` as an RFC 1123 label (empty when valid). */
export function dns1123Label(s: string): string[] {
  const out: string[] = [];
  if (s.length > 63) out.push('must be no more than 63 characters');
  if (!isDns1123Label(s.slice(0, 63))) {
    out.push("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character");
  }
  return out;
}

/** Problems with `s` as an RFC 1123 subdomain (empty when valid). */
export function dns1123Subdomain(s: string): string[] {
  const out: string[] = [];
  if (s.length > 253) out.push('must be no more than 253 characters');
  if (!isDns1123Subdomain(s.slice(0, 253))) {
    out.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
  }
  return out;
}

function dns1035Label(s: string): string[] {
  const out: string[] = [];
  if (s.length > 63) out.push('must be no more than 63 characters');
  if (!isDns1035Label(s.slice(0, 63))) {
    out.push("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character");
  }
  return out;
}

function pathSegment(s: string): string[] {
  if (s === '.' || s === '..') return [`may not be '${s}'`];
  return /[/%]/.test(s) ? ["may not contain '/' or '%'"] : [];
}

/** Problems with a name (or, with `prefix`, a `generateName`) under a kind's rule. */
export function nameProblems(s: string, rule: NameRule, prefix = false): string[] {
  const value = prefix && rule !== NameRule.PATH_SEGMENT ? `${s.replace(/-+$/, '')}a` : s;
  switch (rule) {
    case NameRule.DNS_LABEL: return dns1123Label(value);
    case NameRule.DNS1035_LABEL: return dns1035Label(value);
    case NameRule.PATH_SEGMENT: return pathSegment(value);
    default: return dns1123Subdomain(value);
  }
}

/** Problems with a label or annotation key (`prefix/name`). */
export function qualifiedName(s: string): string[] {
  const parts = s.split('/');
  if (parts.length > 2) return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'"];
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  const out: string[] = [];
  if (prefix !== undefined) {
    if (prefix.length === 0) out.push('prefix part must be non-empty');
    else out.push(...dns1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  }
  if (name.length === 0) out.push('name part must be non-empty');
  else if (name.length > 63) out.push('name part must be no more than 63 characters');
  if (name.length > 0 && !QUALIFIED_NAME_PART.test(name)) {
    out.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  }
  return out;
}

/** Problems with a label value. */
export function labelValue(s: string): string[] {
  const out: string[] = [];
  if (s.length > 63) out.push('must be no more than 63 characters');
  if (s !== '' && !QUALIFIED_NAME_PART.test(s)) {
    out.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  }
  return out;
}
