// SPDX-License-Identifier: Apache-2.0
/**
 * The shop built with the SDK for the matrix and diff tests: frontend, cart, payments and db,
 * on the proxy model a test picks, with the access a test declares.
 */
import { Chart, Testing } from 'cdk8s';
import { Mesh, PortProtocol, type MeshService, type ProxyModel } from 'cdk8s-mesh';

/** The shop's services. */
export interface Shop {
  readonly frontend: MeshService;
  readonly cart: MeshService;
  readonly payments: MeshService;
  readonly db: MeshService;
}

/** Proxy models of the shop's services (unset: the mesh default, sidecar). */
export interface ShopModels {
  readonly http?: ProxyModel;
  readonly db?: ProxyModel;
}

/** The shop in namespace `shop`, with the access `declare` adds. No rule pack runs. */
export function shopChart(declare: (shop: Shop, chart: Chart) => void, models: ShopModels = {}): Chart {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const mesh = new Mesh(chart, 'mesh', { compliance: { packs: [], reports: [], printFindings: false } });
  const http = models.http !== undefined ? { proxyModel: models.http } : {};
  const shop: Shop = {
    frontend: mesh.addService('frontend', { image: 'registry.example/frontend:1', ports: [{ port: 80, targetPort: 8080, protocol: PortProtocol.HTTP }], ...http }),
    cart: mesh.addService('cart', { image: 'registry.example/cart:1', ports: [{ port: 8080, protocol: PortProtocol.HTTP }], ...http }),
    payments: mesh.addService('payments', { image: 'registry.example/payments:1', ports: [{ port: 8443, protocol: PortProtocol.HTTP2 }], ...http }),
    db: mesh.addService('db', { image: 'registry.example/db:1', ports: [{ port: 5432, protocol: PortProtocol.TCP }], ...(models.db !== undefined ? { proxyModel: models.db } : {}) }),
  };
  declare(shop, chart);
  return chart;
}
