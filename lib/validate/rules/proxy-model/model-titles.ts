// SPDX-License-Identifier: Apache-2.0
import type { DataPlaneKind } from '../../../analyze/inventory';

/** How findings name each data plane. */
export const MODEL_TITLES: Readonly<Record<DataPlaneKind, string>> = {
  sidecar: 'the sidecar model',
  ambient: 'the ambient model',
  sharedNode: 'a shared L4–L7 node proxy (Cilium)',
  proxyless: 'proxyless gRPC',
  none: 'no mesh data plane',
};
