// SPDX-License-Identifier: Apache-2.0

/**
 * A URL parsed with the rules of Go's `net/url`, which the Kubernetes CEL `url()` library
 * uses. Only the parts the library exposes are kept.
 */
export interface GoUrl {
  readonly scheme: string;
  readonly opaque: string;
  readonly host: string;
  readonly path: string;
  readonly rawPath: string;
  readonly rawQuery: string;
}

type Mode = 'host' | 'path' | 'query' | 'userinfo' | 'fragment';

/**
 * Go's `url.ParseRequestURI`: an absolute URI or an absolute path, no fragment splitting.
 * Returns an error message instead of throwing.
 */
export function parseRequestUri(raw: string): GoUrl | string {
  return parse(raw, true);
}

/**
 * Go's `url.Parse`: any URI reference, the fragment split off first.
 */
export function parseUrl(raw: string): GoUrl | string {
  const hash = raw.indexOf('#');
  const main = hash < 0 ? raw : raw.slice(0, hash);
  if (hash >= 0) {
    const frag = percentDecode(raw.slice(hash + 1), 'fragment');
    if (frag === undefined) return 'invalid URL escape in fragment';
  }
  return parse(main, false);
}

/** The host without port and without IPv6 brackets (Go `URL.Hostname`). */
export function hostname(u: GoUrl): string {
  return splitHostPort(u.host)[0];
}

/** The port, or an empty string (Go `URL.Port`). */
export function port(u: GoUrl): string {
  return splitHostPort(u.host)[1];
}

/** The path in escaped form (Go `URL.EscapedPath`). */
export function escapedPath(u: GoUrl): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath) && percentDecode(u.rawPath, 'path') === u.path) return u.rawPath;
  if (u.path === '*') return '*';
  return escapePath(u.path);
}

/** The query parameters (Go `URL.Query`), malformed pairs dropped. */
export function queryParams(u: GoUrl): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of u.rawQuery.split('&')) {
    if (part === '' || part.includes(';')) continue;
    const eq = part.indexOf('=');
    const key = percentDecode(eq < 0 ? part : part.slice(0, eq), 'query');
    const value = percentDecode(eq < 0 ? '' : part.slice(eq + 1), 'query');
    if (key === undefined || value === undefined) continue;
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}

function parse(raw: string, viaRequest: boolean): GoUrl | string {
  if (/[\x00-\x1f\x7f]/.test(raw)) return 'invalid control character in URL';
  if (raw === '' && viaRequest) return 'empty url';
  if (raw === '*') return { scheme: '', opaque: '', host: '', path: '*', rawPath: '', rawQuery: '' };
  const schemeSplit = getScheme(raw);
  if (typeof schemeSplit === 'string') return schemeSplit;
  const scheme = schemeSplit[0].toLowerCase();
  let rest = schemeSplit[1];
  let rawQuery = '';
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (scheme !== '') return { scheme, opaque: rest, host: '', path: '', rawPath: '', rawQuery };
    if (viaRequest) return 'invalid URI for request';
    if (rest.split('/')[0].includes(':')) return 'first path segment in URL cannot contain colon';
  }
  let host = '';
  if ((scheme !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const parsedHost = parseAuthority(authority);
    if (parsedHost.error !== undefined) return parsedHost.error;
    host = parsedHost.host;
  }
  const path = percentDecode(rest, 'path');
  if (path === undefined) return `invalid URL escape in path "${rest}"`;
  return { scheme, opaque: '', host, path, rawPath: rest, rawQuery };
}

function getScheme(raw: string): [string, string] | string {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) return 'missing protocol scheme';
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function parseAuthority(authority: string): { host: string; error?: string } {
  const at = authority.lastIndexOf('@');
  const hostPart = at < 0 ? authority : authority.slice(at + 1);
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return { host: '', error: 'invalid userinfo' };
    if (percentDecode(userinfo, 'userinfo') === undefined) return { host: '', error: 'invalid URL escape in userinfo' };
  }
  if (hostPart.startsWith('[')) {
    const close = hostPart.lastIndexOf(']');
    if (close < 0) return { host: '', error: "missing ']' in host" };
    const colonPort = hostPart.slice(close + 1);
    if (!validOptionalPort(colonPort)) return { host: '', error: `invalid port "${colonPort}" after host` };
  } else {
    const colon = hostPart.lastIndexOf(':');
    if (colon >= 0 && !validOptionalPort(hostPart.slice(colon))) {
      return { host: '', error: `invalid port "${hostPart.slice(colon)}" after host` };
    }
  }
  const host = percentDecode(hostPart, 'host');
  if (host === undefined) return { host: '', error: `invalid character in host name "${hostPart}"` };
  return { host };
}

function validOptionalPort(p: string): boolean {
  return p === '' || /^:[0-9]*$/.test(p);
}

function splitHostPort(hostPort: string): [string, string] {
  let host = hostPort;
  let portText = '';
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && validOptionalPort(host.slice(colon))) {
    portText = host.slice(colon + 1);
    host = host.slice(0, colon);
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return [host, portText];
}

const HOST_SAFE = "!$&'()*+,;=:[]<>\"-_.~";

/** Percent-decodes `s`; `undefined` when it holds a bad escape (or, for hosts, a bad character). */
function percentDecode(s: string, mode: Mode): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < s.length;) {
    const c = s[i];
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      if (mode === 'host' && parseInt(hex[0], 16) < 8 && hex !== '25') return undefined;
      bytes.push(parseInt(hex, 16));
      i += 3;
      continue;
    }
    const ch = String.fromCodePoint(s.codePointAt(i) ?? 0);
    if (mode === 'host' && ch.charCodeAt(0) < 0x80 && !/[A-Za-z0-9]/.test(ch) && !HOST_SAFE.includes(ch)) return undefined;
    if (ch === '+' && mode === 'query') {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
    i += ch.length;
  }
  return Buffer.from(bytes).toString('utf8');
}

function validEncoded(s: string): boolean {
  return /^([A-Za-z0-9\-._~!$&'()*+,;=:@[\]/]|%[0-9a-fA-F]{2})*$/.test(s);
}

function escapePath(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && /[A-Za-z0-9\-._~$&+,/:;=@]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
