// SPDX-License-Identifier: Apache-2.0
import { MeshError } from '../lib/model/errors';
import { isHttpMethod } from '../lib/model/http';

/**
 * An HTTP request method, matched by Istio's `operation.methods` (case-sensitive; gRPC calls
 * are always `POST`). The common methods are constants; others come in through `of()`.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Operation
 */
export class HttpMethod {
  /** `GET` */
  public static readonly GET = new HttpMethod('GET');
  /** `HEAD` */
  public static readonly HEAD = new HttpMethod('HEAD');
  /** `POST` (every gRPC call) */
  public static readonly POST = new HttpMethod('POST');
  /** `PUT` */
  public static readonly PUT = new HttpMethod('PUT');
  /** `PATCH` */
  public static readonly PATCH = new HttpMethod('PATCH');
  /** `DELETE` */
  public static readonly DELETE = new HttpMethod('DELETE');
  /** `OPTIONS` */
  public static readonly OPTIONS = new HttpMethod('OPTIONS');
  /** `CONNECT` */
  public static readonly CONNECT = new HttpMethod('CONNECT');

  /**
   * Another method token, upper-case (e.g. `PURGE`). Envoy rejects lower-case methods before
   * authorization, so a lower-case value could never match and is an error.
   */
  public static of(method: string): HttpMethod {
    if (typeof method !== 'string' || !isHttpMethod(method)) {
      throw new MeshError({
        path: 'HttpMethod.of',
        problem: 'invalid HTTP method',
        value: method,
        expected: 'an upper-case method token such as PURGE (Istio compares methods case-sensitively)',
        fix: `write HttpMethod.of(${JSON.stringify(String(method).toUpperCase())})`,
      });
    }
    return new HttpMethod(method);
  }

  /** The method token as rendered into `operation.methods`. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}
