// SPDX-License-Identifier: Apache-2.0
/**
 * The mesh's access-log line (SP 800-204A SM-DR21, SM-DR22b; SP 800-204B EUAZ-SR-2): an explicit
 * list of JSON fields, so what the proxies log never changes behind our back, and so no
 * credential ever reaches a log file.
 *
 * Why not Istio's default format (`pilot/pkg/model/telemetry_logging.go`, Istio 1.30.3): it
 * contains no `Authorization` or `Cookie` header, but it logs the path *with* its query
 * string (`%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%`, where tokens such as `?access_token=` end up),
 * and it has neither the peer identity nor the trace id that SM-DR22b asks for.
 */

/**
 * JSON key → Envoy command operator, one line per request (HTTP) or connection (TCP).
 * The keys are a stable contract for log pipelines: renaming one is a breaking change.
 * @see https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage#command-operators
 */
export const ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  // when and which request
  start_time: '%START_TIME%',
  request_id: '%REQ(X-REQUEST-ID)%',
  trace_id: '%TRACE_ID%',
  // who: the verified SPIFFE ids on either side of the proxy (mTLS)
  downstream_peer_uri_san: '%DOWNSTREAM_PEER_URI_SAN%',
  upstream_peer_uri_san: '%UPSTREAM_PEER_URI_SAN%',
  // what: the request, without the query string
  method: '%REQ(:METHOD)%',
  path: '%REQ_WITHOUT_QUERY(X-ENVOY-ORIGINAL-PATH?:PATH)%',
  authority: '%REQ(:AUTHORITY)%',
  protocol: '%PROTOCOL%',
  user_agent: '%REQ(USER-AGENT)%',
  // outcome, including why the proxy rejected it (e.g. rbac_access_denied_matched_policy[…])
  response_code: '%RESPONSE_CODE%',
  response_flags: '%RESPONSE_FLAGS%',
  response_code_details: '%RESPONSE_CODE_DETAILS%',
  connection_termination_details: '%CONNECTION_TERMINATION_DETAILS%',
  upstream_transport_failure_reason: '%UPSTREAM_TRANSPORT_FAILURE_REASON%',
  // where: routing and both connections
  route_name: '%ROUTE_NAME%',
  requested_server_name: '%REQUESTED_SERVER_NAME%',
  downstream_remote_address: '%DOWNSTREAM_REMOTE_ADDRESS%',
  downstream_local_address: '%DOWNSTREAM_LOCAL_ADDRESS%',
  x_forwarded_for: '%REQ(X-FORWARDED-FOR)%',
  upstream_cluster: '%UPSTREAM_CLUSTER_RAW%',
  upstream_host: '%UPSTREAM_HOST%',
  upstream_local_address: '%UPSTREAM_LOCAL_ADDRESS%',
  // how much and how long
  bytes_received: '%BYTES_RECEIVED%',
  bytes_sent: '%BYTES_SENT%',
  duration: '%DURATION%',
  upstream_service_time: '%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%',
};

/**
 * Headers that carry credentials, session secrets or client-certificate details; an
 * access-log format must never read them (SM-DR22b: mask secrets such as bearer tokens).
 * Lower-case.
 */
export const CREDENTIAL_HEADERS: readonly string[] = [
  'authorization',
  'cookie',
  'proxy-authorization',
  'set-cookie',
  'x-amz-security-token',
  'x-api-key',
  'x-auth-token',
  'x-csrf-token',
  'x-forwarded-access-token',
  'x-forwarded-client-cert',
  'x-xsrf-token',
];

/**
 * The command operators of `format` that would log a credential: a credential header
 * (`%REQ(AUTHORIZATION)%`, `%RESP(SET-COOKIE)%`, also as a `?` alternative), or the raw
 * `:path`, whose query string may carry tokens. Empty when the format is safe.
 */
export function credentialLeaks(format: Readonly<Record<string, string>>): string[] {
  const leaks: string[] = [];
  for (const [key, value] of Object.entries(format)) {
    for (const [, op, args] of value.matchAll(/%([A-Z_]+)\(([^)]*)\)/g)) {
      const headers = args.split(/[?:]/).map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
      const readsHeaders = op === 'REQ' || op === 'RESP' || op === 'TRAILER' || op === 'REQ_WITHOUT_QUERY';
      if (!readsHeaders) continue;
      for (const h of headers) {
        if (CREDENTIAL_HEADERS.includes(h)) leaks.push(`${key}: ${value}`);
        if (op !== 'REQ_WITHOUT_QUERY' && (h === 'path' || h === 'x-envoy-original-path')) leaks.push(`${key}: ${value} (query string)`);
      }
    }
  }
  return [...new Set(leaks)];
}
