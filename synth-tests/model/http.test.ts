// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { carriesHttp, isHttpMethod, isIstioPathPattern } from '../../lib/model/http';

describe('Istio path patterns', () => {
  it.each(['/charge', '/cart/*', '*.json', '*', '/cart/{*}/items', '/files/{**}', '/a/{*}/b/{**}'])('accepts %s', (p) => {
    expect(isIstioPathPattern(p)).toBe(true);
  });
  it.each(['', 'cart', '/a/*/b/*', '/a*b', '/a b', '/x/{foo}', '/{**}/a/{*}', '/{**}/{**}', '**'])('rejects %j', (p) => {
    expect(isIstioPathPattern(p)).toBe(false);
  });
});

describe('HTTP methods and protocols', () => {
  it('accepts upper-case tokens only', () => {
    expect(['GET', 'POST', 'PURGE', 'M-SEARCH'].every(isHttpMethod)).toBe(true);
    expect(['get', '', 'GE T', 'Post'].some(isHttpMethod)).toBe(false);
  });
  it('knows which protocols carry HTTP', () => {
    expect(['http', 'http2', 'grpc'].every(carriesHttp)).toBe(true);
    expect(carriesHttp('tcp')).toBe(false);
  });
});
