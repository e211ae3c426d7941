// SPDX-License-Identifier: Apache-2.0
import { CelFunc, CelScalar, celFunc, celList, celMap, celMethod } from '@bufbuild/cel';
import { GoUrl, escapedPath, hostname, parseRequestUri, parseUrl, port, queryParams } from './go-url';
import { OPAQUE, expectPayload, opaque } from './opaque';

const { BOOL, STRING } = CelScalar;
const KIND = 'kubernetes.URL';

function toUrl(s: string): GoUrl {
  // As Kubernetes does: ParseRequestURI decides validity, Parse builds the value.
  const check = parseRequestUri(s);
  if (typeof check === 'string') throw new Error(`URL parse error during conversion from string: ${check}`);
  const u = parseUrl(s);
  if (typeof u === 'string') throw new Error(`URL parse error during conversion from string: ${u}`);
  return u;
}

function url(v: unknown, fn: string): GoUrl {
  return expectPayload<GoUrl>(v, KIND, fn);
}

/**
 * The Kubernetes CEL URL library (`k8s.io/apiserver/pkg/cel/library/urls.go`):
 * `url()`, `isURL()`, `getScheme()`, `getHost()`, `getHostname()`, `getPort()`,
 * `getEscapedPath()`, `getQuery()`.
 */
export const URL_FUNCTIONS: CelFunc[] = [
  celFunc('url', [STRING], OPAQUE, (s) => opaque(KIND, s, toUrl(s))),
  celFunc('isURL', [STRING], BOOL, (s) => typeof parseRequestUri(s) !== 'string'),
  celMethod('getScheme', OPAQUE, [], STRING, function () {
    return url(this, 'getScheme').scheme;
  }),
  celMethod('getHost', OPAQUE, [], STRING, function () {
    return url(this, 'getHost').host;
  }),
  celMethod('getHostname', OPAQUE, [], STRING, function () {
    return hostname(url(this, 'getHostname'));
  }),
  celMethod('getPort', OPAQUE, [], STRING, function () {
    return port(url(this, 'getPort'));
  }),
  celMethod('getEscapedPath', OPAQUE, [], STRING, function () {
    return escapedPath(url(this, 'getEscapedPath'));
  }),
  celMethod('getQuery', OPAQUE, [], OPAQUE, function () {
    const entries = [...queryParams(url(this, 'getQuery'))].map(([k, v]) => [k, celList(v)] as const);
    return celMap(new Map(entries));
  }),
];
