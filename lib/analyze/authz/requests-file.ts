// SPDX-License-Identifier: Apache-2.0
/**
 * The requests file of DESIGN.md decision 10: `requests: [{ id, source, destination, http?, jwt? }]`.
 * Every error names the request (its id, or its position) and the field, with what is expected.
 */
import * as fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { AuthzInputError } from './authz-input-error';
import { parseIp } from './ip-match';
import type { AccessRequest, RequestDestination, RequestHttp, RequestJwt, RequestSource } from './types';

/** Reads and validates a requests file. */
export function readRequestsFile(file: string): AccessRequest[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new AuthzInputError(`cannot read requests file "${file}": ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseRequests(text, file);
}

/** Parses and validates the requests of a YAML (or JSON) text. */
export function parseRequests(text: string, file = '<requests>'): AccessRequest[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new AuthzInputError(`requests file ${file} is not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  const list = isObject(doc) ? doc.requests : undefined;
  if (!Array.isArray(list)) throw new AuthzInputError(`requests file ${file}: expected a top-level "requests" list`);
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const request = readRequest(raw, i);
    if (seen.has(request.id)) throw new AuthzInputError(`request "${request.id}": duplicate id (ids must be unique)`);
    seen.add(request.id);
    return request;
  });
}

function readRequest(raw: unknown, i: number): AccessRequest {
  if (!isObject(raw)) throw new AuthzInputError(`request #${i + 1}: expected a mapping with id, source and destination`);
  if (typeof raw.id !== 'string' || raw.id.trim() === '') throw new AuthzInputError(`request #${i + 1}: id must be a non-empty string`);
  const id = raw.id;
  const where = (field: string) => `request "${id}": ${field}`;
  onlyKeys(raw, ['id', 'source', 'destination', 'http', 'jwt'], where, '');
  return {
    id,
    source: readSource(raw.source, where),
    destination: readDestination(raw.destination, where),
    ...(raw.http !== undefined && raw.http !== null ? { http: readHttp(raw.http, where) } : {}),
    ...(raw.jwt !== undefined && raw.jwt !== null ? { jwt: readJwt(raw.jwt, where) } : {}),
  };
}

function readSource(raw: unknown, where: (f: string) => string): RequestSource {
  if (!isObject(raw)) throw new AuthzInputError(where('source must be a mapping with one of workload, principal or plaintext: true'));
  onlyKeys(raw, ['workload', 'principal', 'plaintext', 'ip'], where, 'source.');
  const forms = ['workload', 'principal', 'plaintext'].filter((k) => raw[k] !== undefined);
  if (forms.length !== 1) throw new AuthzInputError(where(`source must have exactly one of workload, principal or plaintext: true (got ${forms.join(', ') || 'none'})`));
  if (raw.workload !== undefined && (typeof raw.workload !== 'string' || !/^[^/\s]+\/[^/\s]+$/.test(raw.workload))) {
    throw new AuthzInputError(where(`source.workload "${String(raw.workload)}" must be <namespace>/<name>`));
  }
  if (raw.principal !== undefined && (typeof raw.principal !== 'string' || !/^(spiffe:\/\/)?[^/]+\/ns\/[^/]+\/sa\/[^/]+$/.test(raw.principal))) {
    throw new AuthzInputError(where(`source.principal "${String(raw.principal)}" must be <trust domain>/ns/<namespace>/sa/<service account>`));
  }
  if (raw.plaintext !== undefined && raw.plaintext !== true) throw new AuthzInputError(where('source.plaintext must be true (use workload or principal for mTLS peers)'));
  if (raw.ip !== undefined && (typeof raw.ip !== 'string' || !parseIp(raw.ip))) throw new AuthzInputError(where(`source.ip "${String(raw.ip)}" must be an IPv4 or IPv6 address`));
  return {
    ...(typeof raw.workload === 'string' ? { workload: raw.workload } : {}),
    ...(typeof raw.principal === 'string' ? { principal: raw.principal } : {}),
    ...(raw.plaintext === true ? { plaintext: true } : {}),
    ...(typeof raw.ip === 'string' ? { ip: raw.ip } : {}),
  };
}

function readDestination(raw: unknown, where: (f: string) => string): RequestDestination {
  if (!isObject(raw)) throw new AuthzInputError(where('destination must be a mapping with service, namespace and port'));
  onlyKeys(raw, ['service', 'namespace', 'port'], where, 'destination.');
  for (const k of ['service', 'namespace']) {
    if (typeof raw[k] !== 'string' || raw[k] === '') throw new AuthzInputError(where(`destination.${k} must be a non-empty string`));
  }
  if (typeof raw.port !== 'number' || !Number.isInteger(raw.port) || raw.port < 1 || raw.port > 65535) {
    throw new AuthzInputError(where(`destination.port "${String(raw.port)}" must be a Service port number (1-65535)`));
  }
  return { service: raw.service as string, namespace: raw.namespace as string, port: raw.port };
}

function readHttp(raw: unknown, where: (f: string) => string): RequestHttp {
  if (!isObject(raw)) throw new AuthzInputError(where('http must be a mapping with method and path'));
  onlyKeys(raw, ['method', 'path', 'host', 'headers'], where, 'http.');
  if (typeof raw.method !== 'string' || raw.method === '') throw new AuthzInputError(where('http.method must be a non-empty string, e.g. GET'));
  if (typeof raw.path !== 'string' || !raw.path.startsWith('/')) throw new AuthzInputError(where(`http.path "${String(raw.path)}" must start with /`));
  if (raw.host !== undefined && (typeof raw.host !== 'string' || raw.host === '')) throw new AuthzInputError(where('http.host must be a non-empty string'));
  let headers: Record<string, string> | undefined;
  if (raw.headers !== undefined) {
    if (!isObject(raw.headers)) throw new AuthzInputError(where('http.headers must be a mapping of header names to values'));
    headers = {};
    for (const [k, v] of Object.entries(raw.headers)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new AuthzInputError(where(`http.headers.${k} must be a string`));
      headers[k] = String(v);
    }
  }
  return { method: raw.method, path: raw.path, ...(typeof raw.host === 'string' ? { host: raw.host } : {}), ...(headers ? { headers } : {}) };
}

function readJwt(raw: unknown, where: (f: string) => string): RequestJwt {
  if (!isObject(raw)) throw new AuthzInputError(where('jwt must be a mapping with iss and sub'));
  onlyKeys(raw, ['iss', 'sub', 'aud', 'claims'], where, 'jwt.');
  if (typeof raw.iss !== 'string' || raw.iss === '') throw new AuthzInputError(where('jwt.iss must be a non-empty string (the issuer)'));
  if (typeof raw.sub !== 'string' || raw.sub === '') throw new AuthzInputError(where('jwt.sub must be a non-empty string (the subject)'));
  let aud: string[] | undefined;
  if (raw.aud !== undefined) {
    aud = typeof raw.aud === 'string' ? [raw.aud] : Array.isArray(raw.aud) && raw.aud.every((a) => typeof a === 'string') ? raw.aud as string[] : undefined;
    if (!aud) throw new AuthzInputError(where('jwt.aud must be a string or a list of strings'));
  }
  if (raw.claims !== undefined && !isObject(raw.claims)) throw new AuthzInputError(where('jwt.claims must be a mapping of claim names to values'));
  return { iss: raw.iss, sub: raw.sub, ...(aud ? { aud } : {}), ...(isObject(raw.claims) ? { claims: raw.claims } : {}) };
}

function onlyKeys(raw: Record<string, unknown>, allowed: readonly string[], where: (f: string) => string, prefix: string): void {
  for (const k of Object.keys(raw)) {
    if (!allowed.includes(k)) throw new AuthzInputError(where(`unknown field ${prefix}${k}: expected ${allowed.join(', ')}`));
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
