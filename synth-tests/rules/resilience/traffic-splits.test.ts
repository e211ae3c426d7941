// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { TRAFFIC_SPLITS } from '../../../lib/validate/rules/resilience/traffic-splits';
import { object, service } from '../egress/fixtures';
import { check, verdicts, violations } from '../harness';

const NET = 'networking.istio.io/v1';
const subsets = (names: string[], host = 'reviews.shop.svc.cluster.local') => object(NET, 'DestinationRule', 'reviews', 'shop', { host, subsets: names.map((name) => ({ name, labels: { version: name } })) });
const split = (destinations: { subset?: string; weight?: number }[], host = 'reviews') => object(NET, 'VirtualService', 'reviews', 'shop', {
  hosts: ['reviews'],
  http: [{ name: 'canary', route: destinations.map((d) => ({ destination: { host, ...(d.subset ? { subset: d.subset } : {}) }, ...(d.weight !== undefined ? { weight: d.weight } : {}) })) }],
});
const reviews = service('reviews', 'shop');

describe('MESH-RES-03: traffic splits have weights that sum to 100 and route only to defined subsets', () => {
  it('Compliance: a 90/10 canary between subsets the DestinationRule defines', () => {
    const out = check(TRAFFIC_SPLITS, reviews + subsets(['v1', 'v2']) + split([{ subset: 'v1', weight: 90 }, { subset: 'v2', weight: 10 }]));
    expect(verdicts(out)).toEqual(['compliant VirtualService shop/reviews']);
    expect(out[0].message).toMatch(/1 split\(s\) with weights summing to 100 and subsets \["v1","v2"\] defined/);
  });

  it('Noncompliance 1: weights that do not sum to 100', () => {
    const [v] = violations(check(TRAFFIC_SPLITS, reviews + subsets(['v1', 'v2']) + split([{ subset: 'v1', weight: 50 }, { subset: 'v2', weight: 40 }])));
    expect(v.message).toMatch(/^VirtualService shop\/reviews: route http\[0\] \(canary\) splits with weights \[50,40\] summing to 90 \(expected 100\)$/);
  });

  it('Noncompliance 2: a subset the DestinationRule does not define', () => {
    const [v] = violations(check(TRAFFIC_SPLITS, reviews + subsets(['v1']) + split([{ subset: 'v1', weight: 80 }, { subset: 'v3', weight: 20 }])));
    expect(v.message).toMatch(/sends to subset "v3" of "reviews" but DestinationRule shop\/reviews defines no such subset/);
  });

  it('Noncompliance 3: a subset without any DestinationRule for its host', () => {
    const [v] = violations(check(TRAFFIC_SPLITS, reviews + split([{ subset: 'v1' }])));
    expect(v.message).toMatch(/sends to subset "v1" of "reviews" but no DestinationRule exists for that host/);
  });

  it('NotApplicable: routes with one destination and no subset', () => {
    expect(check(TRAFFIC_SPLITS, reviews + split([{}]))).toEqual([]);
  });
});
