// SPDX-License-Identifier: Apache-2.0
import { CelEnv, CelFunc, celEnv } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { IP_FUNCTIONS } from './lib-ip';
import { LIST_FUNCTIONS } from './lib-lists';
import { QUANTITY_FUNCTIONS } from './lib-quantity';
import { REGEX_FUNCTIONS } from './lib-regex';
import { URL_FUNCTIONS } from './lib-url';

/**
 * The functions Kubernetes adds to standard CEL for CRD validation rules, on top of
 * `@bufbuild/cel`'s standard library and its strings extension (`charAt`, `indexOf`,
 * `lastIndexOf`, `lowerAscii`, `upperAscii`, `replace`, `split`, `substring`, `trim`,
 * `join`, `format`, `strings.quote`).
 */
export const KUBERNETES_FUNCTIONS: readonly CelFunc[] = [
  ...URL_FUNCTIONS,
  ...IP_FUNCTIONS,
  ...LIST_FUNCTIONS,
  ...REGEX_FUNCTIONS,
  ...QUANTITY_FUNCTIONS,
];

let shared: CelEnv | undefined;

/** The one CEL environment every rule is planned in (created on first use). */
export function kubernetesCelEnv(): CelEnv {
  shared ??= celEnv({ funcs: [...strings, ...KUBERNETES_FUNCTIONS] });
  return shared;
}
