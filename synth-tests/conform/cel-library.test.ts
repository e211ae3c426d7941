// SPDX-License-Identifier: Apache-2.0
import { celList, celMap } from '@bufbuild/cel';
import { describe, expect, test } from 'vitest';
import { CompiledRule } from '../../lib/conform/cel/compiled-rule';

/** Evaluates a boolean rule with `self` bound to a JSON value (integers as CEL ints). */
function holds(rule: string, self: unknown): boolean | string {
  const compiled = CompiledRule.compile({ rule });
  if (compiled.compileError) return `compile error: ${compiled.compileError}`;
  const outcome = compiled.evaluate(toCel(self));
  return outcome.error ?? outcome.passed;
}

function toCel(v: unknown): any {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (Array.isArray(v)) return celList(v.map(toCel));
  if (typeof v === 'object' && v !== null) return celMap(new Map(Object.entries(v).map(([k, x]) => [k, toCel(x)])));
  return v;
}

describe('Kubernetes CEL library', () => {
  test.each([
    ['url(self).getScheme() in ["http", "https"]', 'https://example.com/x', true],
    ['isURL(self)', 'example.com', false],
    ['isURL("http://" + self)', 'example.com:8080', true],
    ['isURL(self)', '/absolute/path', true],
    ["url(self).getHost() == '[::1]:8443' && url(self).getHostname() == '::1' && url(self).getPort() == '8443'", 'https://[::1]:8443/x', true],
    ["url(self).getEscapedPath() == '/a%20b'", 'https://h/a%20b', true],
    ["url(self).getQuery()['k'] == ['1', '2']", 'https://h/?k=1&k=2', true],
  ])('url: %s on %j', (rule, self, expected) => {
    expect(holds(rule, self)).toBe(expected);
  });

  test.each([
    ['isIP(self)', '10.0.0.1', true],
    ['isIP(self)', '010.0.0.1', false],
    ['isIP(self)', '::ffff:10.0.0.1', false],
    ["ip(self).family() == 6 && ip.isCanonical('2001:db8::1')", '2001:db8::1', true],
    ['ip(self).isLoopback()', '127.0.0.2', true],
    ["cidr(self).containsIP('10.1.2.3') && cidr(self).containsCIDR('10.1.0.0/16')", '10.0.0.0/8', true],
    ["string(cidr(self).masked()) == '10.0.0.0/8' && cidr(self).prefixLength() == 8", '10.1.2.3/8', true],
    ['isCIDR(self)', '10.0.0.0/33', false],
  ])('ip and cidr: %s on %j', (rule, self, expected) => {
    expect(holds(rule, self)).toBe(expected);
  });

  test.each([
    ["quantity(self).isGreaterThan(quantity('1Gi'))", '2G', true],
    ["quantity(self) == quantity('1000m')", '1', true],
    ['quantity(self).asInteger() == 1000', '1k', true],
    ['isQuantity(self)', '1.5GiB', false],
  ])('quantity: %s on %j', (rule, self, expected) => {
    expect(holds(rule, self)).toBe(expected);
  });

  test.each([
    ['self.isSorted() && self.sum() == 6 && self.min() == 1 && self.max() == 3', [1, 2, 3], true],
    ['self.indexOf(2) == 1 && self.lastIndexOf(2) == 2', [1, 2, 2], true],
    ["self.find('[0-9]+') == '12' && self.findAll('[0-9]+') == ['12', '34']", 'a12b34', true],
    ["self.lowerAscii().split('-').join('') == 'abc'", 'A-B-C', true],
    ["'%s=%d'.format(['a', self.size()]) == 'a=3'", 'xyz', true],
    ["self.replace('a', 'b') == 'bbb' && self.indexOf('a') == 0", 'aaa', true],
    ['self.all(k, k.size() < 3) && self.exists_one(k, k == "ab")', { ab: 1, c: 2 }, true],
    ['self.map(x, x * 2).filter(x, x > 2) == [4, 6]', [1, 2, 3], true],
  ])('lists, strings, regex, macros: %s', (rule, self, expected) => {
    expect(holds(rule, self)).toBe(expected);
  });

  test('field access on an absent field is an error, has() is false', () => {
    expect(holds('has(self.x)', {})).toBe(false);
    expect(holds('self.x == 1', {})).toBe('no such key: x evaluating rule');
  });

  test('unknown functions and variables do not compile', () => {
    expect(holds('isEmail(self)', 'a')).toBe("compile error: undeclared reference to function 'isEmail()' with 1 argument");
    expect(holds('self.url()', 'a')).toBe("compile error: undeclared reference to method '.url()' with 0 arguments");
    expect(holds('request.size() > 0', 'a')).toBe("compile error: undeclared reference to 'request'");
    expect(CompiledRule.compile({ rule: 'self == oldSelf' }).transition).toBe(true);
    expect(CompiledRule.compile({ rule: "self == 'oldSelf'" }).transition).toBe(false);
  });
});
