// SPDX-License-Identifier: Apache-2.0
/** A small shop for the ingress tests: services in `shop` and `api`, an issuer, a gateway in `ingress`. */
import type { Chart } from 'cdk8s';
import { IngressGateway, IngressTls, JwtIssuer, Mesh, PortProtocol, type IngressGatewayOptions } from 'cdk8s-mesh';
import { chart, notUnderTest } from '../helpers';

export function shop(options: Partial<IngressGatewayOptions> = {}) {
  const c: Chart = chart({ namespace: 'shop' });
  const mesh = new Mesh(c, 'mesh');
  notUnderTest(mesh, 'MESH-EU-03', 'MESH-MODEL-05');
  const frontend = mesh.addService('frontend', { image: 'f:1', ports: [{ port: 80, targetPort: 8080 }] });
  const cart = mesh.addService('cart', { image: 'c:1', namespace: 'api', ports: [{ port: 8080 }, { port: 9000, protocol: PortProtocol.TCP }] });
  const orders = mesh.addService('orders', { image: 'o:1', ports: [{ port: 9090, protocol: PortProtocol.GRPC }] });
  const db = mesh.addService('db', { image: 'd:1', ports: [{ port: 5432, protocol: PortProtocol.TCP }] });
  const idp = new JwtIssuer(c, 'idp', {
    issuer: 'https://login.shop.example',
    jwksUri: 'https://login.shop.example/jwks.json',
    audiences: ['shop-api'],
    claimsToHeaders: [{ header: 'x-user-id', claim: 'sub' }],
  });
  const gateway = new IngressGateway(c, 'edge', {
    mesh,
    namespace: 'ingress',
    hostnames: ['shop.example.com'],
    tls: IngressTls.fromSecret('shop-tls'),
    ...options,
  });
  return { c, mesh, frontend, cart, orders, db, idp, gateway };
}
