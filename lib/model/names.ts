// SPDX-License-Identifier: Apache-2.0
/**
 * Kubernetes name rules, as the API server applies them (apimachinery
 * `IsDNS1123Label` / `IsDNS1123Subdomain`). Used for eager (tier a) checks.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** True when `value` is a DNS-1123 label: lower-case alphanumerics and '-', at most 63 characters. */
export function isDns1123Label(value: string): boolean {
  return value.length > 0 && value.length <= 63 && DNS1123_LABEL.test(value);
}

/** True when `value` is a DNS-1035 label (Service names): a DNS-1123 label that starts with a letter. */
export function isDns1035Label(value: string): boolean {
  return value.length > 0 && value.length <= 63 && DNS1035_LABEL.test(value);
}

/** True when `value` is a DNS-1123 subdomain: dot-separated labels, at most 253 characters. */
export function isDns1123Subdomain(value: string): boolean {
  return value.length > 0 && value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/**
 * A DNS-1035 label (hence also a DNS-1123 label) that resembles `value`, offered in error
 * messages as the fix. Lower-cases, maps invalid runs to '-', drops leading digits and '-',
 * cuts at 63 and trims trailing '-'.
 */
export function suggestDns1123Label(value: string): string {
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-0-9]+/, '')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
  return cleaned.length > 0 ? cleaned : 'my-service';
}
