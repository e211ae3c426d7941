// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { formatDuration, parseGoDuration, servicesForHost } from '../../../lib/validate/rules/mtls/mtls-helpers';
import { inventoryOf } from '../harness';
import { service } from './fixtures';

describe('mtls helpers', () => {
  it('parses Go durations', () => {
    expect(parseGoDuration('1h')).toBe(3_600_000);
    expect(parseGoDuration('90m')).toBe(5_400_000);
    expect(parseGoDuration('1h30m0s')).toBe(5_400_000);
    expect(parseGoDuration('3600s')).toBe(3_600_000);
    expect(parseGoDuration('1.5h')).toBe(5_400_000);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('0')).toBe(0);
    for (const bad of ['', '1', 'h', '1d', 'one hour', '1h 30m', 3600, undefined]) expect(parseGoDuration(bad)).toBeUndefined();
  });

  it('formats durations', () => {
    expect(formatDuration(86_400_000)).toBe('24h');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(1_800_000)).toBe('30m');
    expect(formatDuration(1500)).toBe('1500ms');
  });

  it('resolves DestinationRule hosts to Services', () => {
    const inv = inventoryOf(service('cart') + service('db', { namespace: 'data' }));
    const names = (host: string, ns = 'shop'): string[] => servicesForHost(inv, host, ns).map((s) => `${s.namespace}/${s.name}`);
    expect(names('cart')).toEqual(['shop/cart']);
    expect(names('cart', 'data')).toEqual([]);
    expect(names('cart.shop')).toEqual(['shop/cart']);
    expect(names('cart.shop.svc')).toEqual(['shop/cart']);
    expect(names('CART.shop.svc.cluster.local')).toEqual(['shop/cart']);
    expect(names('*.data.svc.cluster.local')).toEqual(['data/db']);
    expect(names('*')).toEqual(['shop/cart', 'data/db']);
    expect(names('cart.example.com')).toEqual([]);
  });
});
