// SPDX-License-Identifier: Apache-2.0
/**
 * A bank-grade mesh (NIST SP 800-204A/B, SP 800-207A):
 *
 * - ingress through a Gateway API gateway terminating TLS, validating the customer's token from
 *   the external identity provider and exchanging it for trusted headers (the token stops there);
 * - per-hop end-user checks inside: the web tier obtains an internal token from the bank's token
 *   service and forwards it; accounts and payments validate it on their own proxies and require
 *   the claims each call needs;
 * - an external card network behind the egress gateway, with TLS originated at the gateway and
 *   only the payments service admitted;
 * - an OPA authorizer deciding what Istio cannot express (the customer may only move money out
 *   of accounts they own);
 * - resilience on every dependency (timeouts, safe retries, circuit breaking) and readiness
 *   probes on every workload; STRICT mTLS, default deny and REGISTRY_ONLY egress everywhere.
 */
import { App, Chart, Duration, type ChartProps } from 'cdk8s';
import {
  EgressGateway,
  EgressTls,
  EndUser,
  ExternalAuthorizer,
  ExternalProtocol,
  ExternalService,
  HttpMethod,
  IngressTls,
  JwtIssuer,
  Match,
  Mesh,
  MeshSuppressions,
  PortProtocol,
  RiskProfile,
} from 'cdk8s-mesh';
import type { Construct } from 'constructs';

export class BankChart extends Chart {
  public readonly mesh: Mesh;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    this.mesh = new Mesh(this, 'mesh', {
      trustDomain: 'bank.example',
      defaultRiskProfile: RiskProfile.HIGH,
      telemetry: { tracing: { collectorService: 'otel-collector', collectorNamespace: 'observability', samplingPercentage: 10 } },
    });
    const mesh = this.mesh;

    // Identity providers: customers log in at the external IdP; services call each other with
    // short-lived internal tokens from the bank's token service (per-hop end-user credentials).
    const customers = new JwtIssuer(this, 'customer-idp', {
      issuer: 'https://login.bank.example',
      jwksUri: 'https://login.bank.example/.well-known/jwks.json',
      audiences: ['bank-web'],
      claimsToHeaders: [{ header: 'x-customer-id', claim: 'sub' }],
    });
    const internal = new JwtIssuer(this, 'token-service', {
      issuer: 'https://sts.bank.internal',
      jwksUri: 'https://sts.bank.internal/jwks.json',
      audiences: ['bank-internal'],
      forwardOriginalToken: true,
    });

    const web = mesh.addService('web', {
      namespace: 'bank-web',
      image: 'registry.bank.example/web@sha256:8c1f5d3b3b2e4c6a9f0e1d2c3b4a59687766554433221100ffeeddccbbaa9988',
      ports: [{ port: 80, targetPort: 8080, protocol: PortProtocol.HTTP }],
      replicas: 3,
    });
    const accounts = mesh.addService('accounts', {
      namespace: 'bank-core',
      image: 'registry.bank.example/accounts@sha256:1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff001',
      ports: [{ port: 8080, protocol: PortProtocol.HTTP }],
      replicas: 3,
    });
    const payments = mesh.addService('payments', {
      namespace: 'bank-core',
      image: 'registry.bank.example/payments@sha256:aa11bb22cc33dd44ee55ff66a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f70',
      ports: [{ port: 8080, protocol: PortProtocol.HTTP2 }],
      replicas: 3,
      resilience: {
        timeout: Duration.seconds(5),
        retries: { attempts: 0 }, // a charge must never be sent twice
        outlierDetection: { consecutive5xxErrors: 3 },
        maxConnectionDuration: Duration.minutes(30),
      },
    });
    const ledger = mesh.addService('ledger', {
      namespace: 'bank-core',
      image: 'registry.bank.example/ledger@sha256:0f0e0d0c0b0a09080706050403020100f0e0d0c0b0a090807060504030201000',
      ports: [{ port: 5432, protocol: PortProtocol.TCP }],
      replicas: 3,
    });
    const opa = mesh.addService('opa', {
      namespace: 'bank-authz',
      image: 'openpolicyagent/opa@sha256:4e3d2c1b0a99887766554433221100ffeeddccbbaa99887766554433221100ff',
      ports: [{ port: 9191, protocol: PortProtocol.GRPC }],
      replicas: 2,
    });

    // Ingress: HTTPS only; the customer's token is validated at the edge and exchanged for
    // x-customer-id; the token itself does not travel further.
    const edge = mesh.addIngressGateway('edge', {
      namespace: 'bank-edge',
      hostnames: ['www.bank.example'],
      tls: IngressTls.fromSecret('www-bank-example-tls'),
    });
    edge.route(web, { paths: [Match.prefix('/')], methods: [HttpMethod.GET, HttpMethod.HEAD] });
    // The public pages are anonymous by design: an audited exception to "every request carries
    // an end-user token" (SP 800-204B EUAZ-SR-3), recorded in the reports and on the objects.
    MeshSuppressions.add(web, [{ id: 'MESH-EU-03', reason: 'public landing pages (GET/HEAD /) are anonymous by design; /api/ requires the customer token at the edge' }]);
    edge.route(web, {
      name: 'edge-web-api',
      paths: [Match.prefix('/api/')],
      methods: [HttpMethod.GET, HttpMethod.POST],
      endUser: EndUser.issuer(customers).audience('bank-web'),
    });

    // Inside: every hop checks the internal end-user token and the claim the call needs.
    const insider = EndUser.issuer(internal).audience('bank-internal');
    accounts.allowFrom(web, { methods: [HttpMethod.GET], paths: [Match.prefix('/accounts/')], endUser: insider.claim('scope', 'accounts:read') });
    payments.allowFrom(web, { methods: [HttpMethod.POST], paths: [Match.exact('/transfers')], endUser: insider.claim('scope', 'payments:write') });
    accounts.allowFrom(payments, { methods: [HttpMethod.GET], paths: [Match.pathTemplate('/accounts/{*}/balance')], endUser: insider });
    accounts.requireEndUser();
    payments.requireEndUser();
    ledger.allowFrom(accounts, { ports: [5432] });
    ledger.allowFrom(payments, { ports: [5432] });

    // What Istio cannot compare (the customer owns the debited account) goes to OPA, over mTLS.
    const authz = new ExternalAuthorizer(this, 'opa-authz', { mesh, service: opa, port: 9191, providerName: 'bank-opa' });
    payments.authorizeWith(authz, { methods: [HttpMethod.POST], paths: [Match.exact('/transfers')] });

    // Egress: the card network only, through the egress gateway, TLS originated there with a SAN check.
    const egress = new EgressGateway(this, 'egress', { mesh });
    const cards = new ExternalService(this, 'card-network', {
      mesh,
      namespace: 'bank-egress',
      hosts: ['api.cardnetwork.example'],
      ports: [{ port: 80, protocol: ExternalProtocol.HTTP, targetPort: 443 }],
      tls: EgressTls.originate({ subjectAltNames: ['api.cardnetwork.example'] }),
      egressGateway: egress,
    });
    payments.allowEgressTo(cards);
  }
}

/** Synthesizes the example into `outdir`; `npm start` calls this for every example. */
export function synth(outdir: string): App {
  const app = new App({ outdir });
  new BankChart(app, 'bank');
  app.synth();
  return app;
}

if (require.main === module) synth('dist/bank');
