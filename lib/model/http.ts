// SPDX-License-Identifier: Apache-2.0
/** HTTP vocabulary shared by constructs and compilers. */

/** Methods Istio's `operation.methods` is commonly given; others are accepted if they are tokens. */
export const HTTP_METHODS: readonly string[] = ['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE'];

/** RFC 9110 token, upper-case only (Istio compares methods case-sensitively). */
const METHOD_TOKEN = /^[A-Z][A-Z0-9!#$%&'*+.^_`|~-]*$/;

/** True when `method` is an upper-case HTTP method token. */
export function isHttpMethod(method: string): boolean {
  return METHOD_TOKEN.test(method);
}

/**
 * True when `path` is a pattern Istio's `operation.paths` accepts: an exact path, a prefix
 * ending in `*`, a suffix starting with `*`, `*` alone, or a path template using `{*}` / `{**}`
 * segments (Istio 1.22+).
 */
export function isIstioPathPattern(path: string): boolean {
  if (path === '*') return true;
  if (/\s/.test(path)) return false;
  if (path.includes('{')) {
    if (!path.startsWith('/')) return false;
    const segments = path.split('/').slice(1);
    const doubleStars = segments.filter((s) => s === '{**}').length;
    if (doubleStars > 1) return false;
    if (doubleStars === 1 && segments[segments.length - 1] !== '{**}' && segments.indexOf('{**}') !== segments.length - 1) {
      // `{**}` may only be the last operator in the template
      const after = segments.slice(segments.indexOf('{**}') + 1);
      if (after.some((s) => s.includes('{'))) return false;
    }
    return segments.every((s) => !s.includes('{') || s === '{*}' || s === '{**}');
  }
  const stars = (path.match(/\*/g) ?? []).length;
  if (stars === 0) return path.startsWith('/');
  if (stars > 1) return false;
  if (path.endsWith('*')) return path.startsWith('/');
  return path.startsWith('*');
}

/** Protocols whose traffic Envoy parses as HTTP, so L7 attributes (methods, paths) apply. */
export function carriesHttp(protocol: string): boolean {
  return protocol === 'http' || protocol === 'http2' || protocol === 'grpc';
}
