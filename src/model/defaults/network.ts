/**
 * Default `networkPolicies`: off, and the graph's declared edges and external egress.
 *
 * Most edges of the dependency graph come from env references (`host('rmq')`, `port('rmq', 'amqp')` in
 * configmaps.ts). The edges below are connections the images configure themselves, which no env value
 * shows; each names its evidence in OpenAFC at the chart's commit fc912b4a (the files are under
 * ../shared/reference/openafc-src or in github:open-afc-project/openafc). How the list was established,
 * and what was considered and rejected, is in docs/network-policies.md.
 */
import type { DeclaredEdge, ExternalEgress } from '../schema.js';

export const edges = {
  // config/ratapi.conf: SQLALCHEMY_DATABASE_URI = 'postgresql://postgres:...@ratdb/fbrat', copied to
  // /etc/xdg/fbrat/ratapi.conf by rat_server/Dockerfile; tests/regression/docker-compose.yaml:
  // rat_server depends_on ratdb.
  'rat_server-ratdb': {
    from: 'rat_server',
    to: 'ratdb',
    port: 'ratdb',
    evidence: 'config/ratapi.conf SQLALCHEMY_DATABASE_URI ...@ratdb/fbrat (rat_server/Dockerfile copies it); compose depends_on ratdb',
  },
  // msghnd/Dockerfile copies the same config/ratapi.conf; compose: msghnd depends_on ratdb.
  'msghnd-ratdb': {
    from: 'msghnd',
    to: 'ratdb',
    port: 'ratdb',
    evidence: 'config/ratapi.conf SQLALCHEMY_DATABASE_URI ...@ratdb/fbrat (msghnd/Dockerfile copies it); compose depends_on ratdb',
  },
  // cert_db/Dockerfile copies config/ratapi.conf; its cron job and cert_db/entrypoint.sh run
  // `rat-manage-api cert_id sweep`, which writes the certification ids there; compose: cert_db
  // depends_on and links ratdb.
  'cert_db-ratdb': {
    from: 'cert_db',
    to: 'ratdb',
    port: 'ratdb',
    evidence: 'config/ratapi.conf SQLALCHEMY_DATABASE_URI ...@ratdb/fbrat (cert_db/Dockerfile copies it; rat-manage-api cert_id sweep); compose depends_on + links ratdb',
  },
  // dispatcher/entrypoint.sh runs dispatcher/acceptor.py, a RabbitMQ consumer (ncli.MsgAcceptor on
  // BROKER_URL) configured by appcfg.BrokerConfigurator (src/afc-packages/appconfig/appcfg.py):
  // BROKER_FQDN defaults to 'rmq', BROKER_PORT to '5672'. The dispatcher loads no celery-client env.
  'dispatcher-rmq': {
    from: 'dispatcher',
    to: 'rmq',
    port: 'amqp',
    evidence: 'dispatcher/acceptor.py consumes from BROKER_URL; src/afc-packages/appconfig/appcfg.py BROKER_FQDN default rmq, BROKER_PORT 5672',
  },
  // prometheus/Dockerfile-nginxexporter: NGINXEXPORTER_STUB_URL=http://dispatcher:8080/stub_status;
  // dispatcher/nginx.conf.template serves stub_status on `listen 8080`; compose: nginxexporter
  // depends_on dispatcher.
  'nginxexporter-dispatcher': {
    from: 'nginxexporter',
    to: 'dispatcher',
    port: 'status',
    evidence: 'prometheus/Dockerfile-nginxexporter NGINXEXPORTER_STUB_URL=http://dispatcher:8080/stub_status; compose depends_on dispatcher',
  },
  // compose: grafana depends_on bulk_postgres (the PostgreSQL data source of the ALS and log
  // dashboards; prometheus/Dockerfile-grafana provisions no data source, the operator adds it).
  'grafana-bulk_postgres': {
    from: 'grafana',
    to: 'bulk_postgres',
    port: 'bulk_postgres',
    evidence: 'tests/regression/docker-compose.yaml grafana depends_on bulk_postgres (PostgreSQL data source)',
  },
  // compose: grafana depends_on prometheus (its Prometheus data source); in Kubernetes prometheus runs
  // in the monitoring namespace (prometheus-operator), so this edge is egress only.
  'grafana-prometheus': {
    from: 'grafana',
    to: 'prometheus',
    port: 'prometheus',
    evidence: 'tests/regression/docker-compose.yaml grafana depends_on prometheus (Prometheus data source)',
  },
} satisfies Record<string, DeclaredEdge>;

export const externalEgress = {
  // src/ratapi/ratapi/db/daily_uls_parse.py downloads https://data.fcc.gov/download/pub/uls/... and
  // https://www.ic.gc.ca/engineering/...; uls/uls_service.py checks external files on
  // https://raw.githubusercontent.com/Wireless-Innovation-Forum/.
  'uls_downloader-https': {
    from: 'uls_downloader',
    ports: [443],
    evidence: 'ULS/ISED downloads (daily_uls_parse.py: data.fcc.gov, www.ic.gc.ca) and WinnForum files (uls_service.py: raw.githubusercontent.com)',
  },
  // uls/uls_service_healthcheck.py sends alarm mail with smtplib to the server of ULS_ALARM_SMTP_INFO.
  'uls_downloader-smtp': {
    from: 'uls_downloader',
    ports: [25, 465, 587],
    evidence: 'alarm mail via SMTP (uls_service_healthcheck.py, ULS_ALARM_SMTP_INFO)',
  },
  // src/afc-packages/appconfig/appcfg.py reads MAIL_SERVER/MAIL_PORT (user registration mail; the
  // entrypoint starts postfix) and OIDC_DISCOVERY_URL (login through an OIDC provider).
  'rat_server-mail-oidc': {
    from: 'rat_server',
    ports: [25, 443, 465, 587],
    evidence: 'registration mail (appcfg.py MAIL_SERVER/MAIL_PORT, postfix) and OIDC login (OIDC_DISCOVERY_URL)',
  },
  // src/ratapi/ratapi/manage.py cert_id sweep fetches https://apps.fcc.gov/oetcf/eas/... and
  // https://www.ic.gc.ca/engineering/Certified_Standard_Power_Access_Points_6GHz.csv.
  'cert_db-https': {
    from: 'cert_db',
    ports: [443],
    evidence: 'certification id sweep (manage.py cert_id sweep: apps.fcc.gov, www.ic.gc.ca)',
  },
} satisfies Record<string, ExternalEgress>;

export const networkPolicies = { enabled: false, egress: false, edges, externalEgress };
