/**
 * The declared edges of the 1.0.x graph: connections the images open that no `{{host:X}}` reference
 * shows, each with its evidence in OpenAFC at tags 1.0.1.0, 1.0.3.0 and main 717d3491 (the files cited
 * are the same at the three revisions unless said). An edge applies when its `from` component is
 * rendered and, if `when` is given, its env list sets that variable (so an edge follows the version and
 * the overlays: grafana's Prometheus data source exists from 1.0.3.0 on). How the list was reviewed is in
 * docs/incoming/hardened-1.0.md.
 */
import type { OpenafcComponentKey } from './schema.js';

/** A connection the env lists do not show as a reference. */
export interface OpenafcDeclaredEdge {
  readonly from: OpenafcComponentKey;
  /**
   * The target: a component and one of its port keys, or `{ service: G }`: the component whose Service
   * name is `sharedEnv.G.host` (a literal upstream writes, not a `{{host:X}}`), on its port whose
   * servicePort is `sharedEnv.G.port`.
   */
  readonly to: { readonly component: OpenafcComponentKey; readonly port: string } | { readonly service: string };
  /** The env variable of `from` that configures the connection; the edge exists only where it is set. */
  readonly when?: string;
  readonly evidence: string;
}

export const openafcDeclaredEdges: Readonly<Record<string, OpenafcDeclaredEdge>> = {
  // sharedEnv.afc-req-service is { host: afcserver, port: "80" } (msghnd with -p msghnd): literals.
  'dispatcher-afc-req-service': {
    from: 'dispatcher',
    to: { service: 'afc-req-service' },
    when: 'AFC_MSGHND_NAME',
    evidence:
      'dispatcher/nginx.conf.template: `upstream msghnd { server ${AFC_MSGHND_NAME}:${AFC_MSGHND_PORT}; }` and `proxy_pass http://msghnd$uri$is_args$args` for the AFC request paths; the env sets both from sharedEnv.afc-req-service (host, port)',
  },
  'uls-downloader-afc-req-service': {
    from: 'uls-downloader',
    to: { service: 'afc-req-service' },
    when: 'ULS_AFC_URL',
    evidence:
      'uls/uls_service.py: `afc_url` (env ULS_AFC_URL, "AFC Service URL to use for database validity check"), http://<afc-req-service host>:<port>/fbrat/ap-afc/availableSpectrumInquiryInternal',
  },
  'rcache-afc-req-service': {
    from: 'rcache',
    to: { service: 'afc-req-service' },
    when: 'RCACHE_AFC_REQ_URL',
    evidence:
      'rcache/rcache_service.py: `session.post(self._afc_req_url, ...)` (precomputation), afc_req_url from env RCACHE_AFC_REQ_URL = http://<afc-req-service host>:<port>/fbrat/ap-afc/availableSpectrumInquiry',
  },
  // The dispatcher loads no broker env: appcfg's defaults name the rmq Service.
  'dispatcher-rmq': {
    from: 'dispatcher',
    to: { component: 'rmq', port: 'amqp' },
    evidence:
      'dispatcher/entrypoint.sh runs /wd/acceptor.py beside nginx; acceptor.py: `MsgAcceptor(cfg[\'BROKER_URL\'], ...)` with cfg from appcfg.BrokerConfigurator (src/afc-packages/appconfig/appcfg.py: BROKER_FQDN default rmq, BROKER_PORT default 5672)',
  },
  'nginxexporter-dispatcher': {
    from: 'nginxexporter',
    to: { component: 'dispatcher', port: 'status' },
    evidence:
      'prometheus/Dockerfile-nginxexporter: ENV NGINXEXPORTER_STUB_URL=http://dispatcher:8080/stub_status, the -nginx.scrape-uri of its ENTRYPOINT; dispatcher/nginx.conf.template serves stub_status on `listen 8080`',
  },
  // In 1.0.3.0 and main grafana's data source names prometheus-operated.monitoring:9090, a literal.
  'grafana-prometheus': {
    from: 'grafana',
    to: { component: 'prometheus', port: 'prometheus' },
    when: 'GRAFANA_DS_PROMETHEUS_URL',
    evidence:
      'grafana/templates/provisioning/datasources/prometheus.yaml: `{% if GRAFANA_DS_PROMETHEUS_URL is defined %}` a Prometheus data source of that URL (grafana/Dockerfile-grafana: ENV GRAFANA_DS_PROMETHEUS_URL; helm values.yaml: http://prometheus-operated.monitoring:9090, a literal)',
  },
};
