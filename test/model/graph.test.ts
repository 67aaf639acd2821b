import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinPlatforms } from '../../platforms/index.js';
import { dependencyGraph, resolveValues, type DependencyGraph, type GraphSource, type ValuesOptions } from '../../src/model/index.js';
import { problems } from '../support/model.js';
import { tempFolder } from '../support/files.js';

const graph = (opts: ValuesOptions = {}): DependencyGraph => dependencyGraph(resolveValues(opts, builtinPlatforms));
const peer = (s: GraphSource): string => (s.kind === 'component' ? s.component : s.kind === 'outside' ? 'outside' : `namespace ${s.namespace}`);
/** `from -> to:port` of every edge. */
const pairs = (g: DependencyGraph): string[] => g.edges.map((e) => `${peer(e.from)} -> ${e.to}:${e.port}`);
const edge = (g: DependencyGraph, from: string, to: string, port: string) =>
  g.edges.find((e) => peer(e.from) === from && e.to === to && e.port === port);

const dir = tempFolder('afc-graph-');

describe('dependency graph: env references', () => {
  const g = graph();

  it('a host and a port reference give one edge on that port, labelled with both variables', () => {
    expect(edge(g, 'dispatcher', 'msghnd', 'msghnd')).toMatchObject({
      targetPort: 8000,
      portName: 'msghnd',
      reasons: [
        { kind: 'env', configMap: 'dispatcher', variable: 'AFC_MSGHND_NAME' },
        { kind: 'env', configMap: 'dispatcher', variable: 'AFC_MSGHND_PORT' },
      ],
    });
    // msghnd has only that one port: no other edge from the dispatcher to it
    expect(pairs(g).filter((p) => p.startsWith('dispatcher -> msghnd'))).toEqual(['dispatcher -> msghnd:msghnd']);
  });

  it('a host-only reference gives an edge on every Service port of the target', () => {
    expect(edge(g, 'dispatcher', 'objst', 'historyView')?.reasons).toEqual([{ kind: 'env', configMap: 'objst-client', variable: 'AFC_OBJST_HOST' }]);
    expect(edge(g, 'dispatcher', 'objst', 'fileStorage')?.targetPort).toBe(5000);
    // rmq's metrics port has no servicePort: a host reference does not reach it
    expect(edge(g, 'worker', 'rmq', 'metrics')).toBeUndefined();
    expect(edge(g, 'worker', 'rmq', 'amqp')?.reasons).toEqual([
      { kind: 'env', configMap: 'celery-client', variable: 'BROKER_FQDN' },
      { kind: 'env', configMap: 'rcache-client', variable: 'RCACHE_RMQ_DSN' },
    ]);
  });

  it('a composite value names the port of its host (host:port in one variable)', () => {
    expect(edge(g, 'cert_db', 'als_kafka', 'kafka')?.reasons).toEqual([{ kind: 'env', configMap: 'als-client', variable: 'ALS_KAFKA_CLIENT_BOOTSTRAP_SERVERS' }]);
  });

  it('targets the container port (msghnd: Service 80, container 8000)', () => {
    expect(edge(g, 'uls_downloader', 'msghnd', 'msghnd')?.targetPort).toBe(8000);
  });

  it('a reference to the component itself is its own configuration, not an edge', () => {
    expect(pairs(g).filter((p) => /^(objst -> objst|als_kafka -> als_kafka|rcache -> rcache)/.test(p))).toEqual([]);
  });

  it('a {{containerPort:C:P}} reference is an edge too', () => {
    const g2 = graph({ sets: ['configmaps.als_siphon.RCACHE_PORT={{containerPort:rcache:rcache}}'] });
    expect(edge(g2, 'als_siphon', 'rcache', 'rcache')?.reasons).toEqual([{ kind: 'env', configMap: 'als_siphon', variable: 'RCACHE_PORT' }]);
  });

  it('the placeholders of a YAML values file give edges like the typed references', () => {
    const file = join(dir, 'edge.yaml');
    writeFileSync(file, 'configmaps:\n  als_siphon:\n    OBJST_URL: "http://{{host:objst}}:{{port:objst:fileStorage}}"\n');
    const g2 = graph({ valuesFiles: [file] });
    expect(edge(g2, 'als_siphon', 'objst', 'fileStorage')?.reasons).toEqual([{ kind: 'env', configMap: 'als_siphon', variable: 'OBJST_URL' }]);
    expect(edge(g2, 'als_siphon', 'objst', 'historyView')).toBeUndefined();
    expect(edge(g, 'als_siphon', 'objst', 'fileStorage')).toBeUndefined();
  });

  it('a verbatim (@S) or integer (@I) value holds no references', () => {
    const g2 = graph({ sets: ['configmaps.als_siphon.RAW@S={{host:objst}}'] });
    expect(edge(g2, 'als_siphon', 'objst', 'fileStorage')).toBeUndefined();
  });
});

describe('dependency graph: declared edges, exposure, scraping', () => {
  const g = graph();

  it('has the declared edges with their evidence', () => {
    for (const [from, to, port] of [
      ['rat_server', 'ratdb', 'ratdb'],
      ['msghnd', 'ratdb', 'ratdb'],
      ['cert_db', 'ratdb', 'ratdb'],
      ['dispatcher', 'rmq', 'amqp'],
      ['nginxexporter', 'dispatcher', 'status'],
      ['grafana', 'bulk_postgres', 'bulk_postgres'],
      ['grafana', 'prometheus', 'prometheus'],
    ] as const) {
      const reasons = edge(g, from, to, port)?.reasons ?? [];
      expect([from, to, reasons.map((r) => r.kind)]).toEqual([from, to, ['declared']]);
      expect(reasons[0]).toMatchObject({ name: `${from}-${to}`, evidence: expect.stringMatching(/\S{10,}/) });
    }
    expect(edge(g, 'rat_server', 'ratdb', 'ratdb')?.reasons[0]).toMatchObject({ evidence: expect.stringContaining('config/ratapi.conf') });
  });

  it('prometheus (pods of prometheus-operator in monitoring) is a node only as the target of grafana', () => {
    expect(g.nodes.find((n) => n.key === 'prometheus')).toMatchObject({ kind: 'service-only', external: { namespace: 'monitoring', selector: { prometheus: 'main' } } });
    expect(g.nodes.map((n) => n.key)).not.toContain('cadvisor');
  });

  it('a declared edge added by an overlay joins the graph; a null removes a default one', () => {
    const g2 = graph({
      sets: [
        'networkPolicies.edges.worker-ratdb.from=worker',
        'networkPolicies.edges.worker-ratdb.to=ratdb',
        'networkPolicies.edges.worker-ratdb.port=ratdb',
        'networkPolicies.edges.worker-ratdb.evidence=test',
        'networkPolicies.edges.dispatcher-rmq=null',
      ],
    });
    expect(edge(g2, 'worker', 'ratdb', 'ratdb')?.reasons).toEqual([{ kind: 'declared', name: 'worker-ratdb', evidence: 'test' }]);
    expect(edge(g2, 'dispatcher', 'rmq', 'amqp')).toBeUndefined();
  });

  it('every port of a LoadBalancer or NodePort Service is reachable from outside; ClusterIP ones are not', () => {
    expect(pairs(g).filter((p) => p.startsWith('outside'))).toEqual(['outside -> dispatcher:http', 'outside -> dispatcher:https', 'outside -> dispatcher:status']);
    expect(edge(g, 'outside', 'dispatcher', 'http')?.reasons).toEqual([{ kind: 'exposure', serviceType: 'LoadBalancer' }]);
    expect(edge(graph({ platforms: ['k3d'] }), 'outside', 'dispatcher', 'https')?.reasons).toEqual([{ kind: 'exposure', serviceType: 'NodePort' }]);
    const g2 = graph({ sets: ['components.dispatcher.serviceType=ClusterIP', 'components.grafana.serviceType=NodePort'] });
    expect(pairs(g2).filter((p) => p.startsWith('outside'))).toEqual(['outside -> grafana:grafana']);
  });

  it('the monitoring namespace scrapes the port of every PodMonitor', () => {
    expect(pairs(g).filter((p) => p.startsWith('namespace'))).toEqual([
      'namespace monitoring -> rmq:metrics',
      'namespace monitoring -> msghnd:msghnd',
      'namespace monitoring -> als_siphon:metrics',
      'namespace monitoring -> uls_downloader:metrics',
      'namespace monitoring -> nginxexporter:http',
    ]);
    expect(edge(g, 'namespace monitoring', 'rmq', 'metrics')).toMatchObject({ targetPort: 15692, reasons: [{ kind: 'scrape', podMonitor: 'rmq' }] });
  });

  it('keeps the declared external egress, with 0.0.0.0/0 by default', () => {
    expect(g.externalEgress.find((e) => e.name === 'uls_downloader-https')).toMatchObject({ from: 'uls_downloader', ports: [443], cidr: '0.0.0.0/0' });
    expect(g.enabled).toBe(false);
    expect(g.egress).toBe(false);
  });
});

describe('dependency graph: overlays', () => {
  it('gcp drops ratdb and bulk_postgres, with every edge to them', () => {
    const base = graph();
    const g = graph({ platforms: ['gcp'] });
    expect(g.nodes.map((n) => n.key)).not.toContain('ratdb');
    expect(g.nodes.map((n) => n.key)).not.toContain('bulk_postgres');
    expect(pairs(g).filter((p) => /ratdb|bulk_postgres/.test(p))).toEqual([]);
    expect(pairs(base).filter((p) => /ratdb|bulk_postgres/.test(p)).length).toBe(10);
    expect(pairs(g)).toEqual(pairs(base).filter((p) => !/ratdb|bulk_postgres/.test(p)));
  });

  it('a disabled nginxexporter takes its declared edge and its scrape edge with it', () => {
    const g = graph({ sets: ['components.nginxexporter.imageName='] });
    expect(pairs(g).filter((p) => p.includes('nginxexporter'))).toEqual([]);
  });
});

describe('dependency graph: validation', () => {
  it('refuses an env reference to an unknown port or component', () => {
    expect(problems({ sets: ['configmaps.dispatcher.X={{port:msghnd:http}}'] })).toEqual([
      'configmaps.dispatcher.X: {{port:msghnd:http}} refers to unknown port "http" of component "msghnd"',
    ]);
    expect(problems({ sets: ['configmaps.dispatcher.X={{host:msghndd}}'] })).toEqual([
      'configmaps.dispatcher.X: {{host:msghndd}} refers to unknown component "msghndd"',
    ]);
  });

  it('refuses a declared edge to an unknown port, naming the ports', () => {
    expect(problems({ sets: ['networkPolicies.edges.rat_server-ratdb.port=postgres'] })).toEqual([
      'networkPolicies.edges.rat_server-ratdb.port: "postgres" is not a port of ratdb (ratdb): use one of its port keys',
    ]);
  });

  it('refuses declared edges and egress of unknown or pod-less components, and a bad CIDR', () => {
    expect(
      problems({
        sets: [
          'networkPolicies.edges.x.from=wrker',
          'networkPolicies.edges.x.to=cadvisor',
          'networkPolicies.edges.x.port=http',
          'networkPolicies.edges.x.evidence=e',
          'networkPolicies.externalEgress.y.from=prometheus',
          'networkPolicies.externalEgress.y.ports=null',
          'networkPolicies.externalEgress.uls_downloader-https.cidr=10.0.0.0',
        ],
      }),
    ).toEqual([
      expect.stringMatching(/^networkPolicies\.externalEgress\.y\.ports: .*expected array/),
      expect.stringMatching(/^networkPolicies\.externalEgress\.y\.evidence: .*/),
    ]);
    expect(
      problems({
        sets: [
          'networkPolicies.edges.x.from=wrker',
          'networkPolicies.edges.x.to=cadvisor',
          'networkPolicies.edges.x.port=http',
          'networkPolicies.edges.x.evidence=e',
          'networkPolicies.externalEgress.uls_downloader-https.cidr=10.0.0.0',
          'networkPolicies.externalEgress.rat_server-mail-oidc.from=prometheus',
        ],
      }),
    ).toEqual([
      expect.stringMatching(/^networkPolicies\.edges\.x\.from: "wrker" is not a component \(known: ratdb, rmq, .*\)$/),
      'networkPolicies.edges.x.to: "cadvisor" has no pods to connect to',
      'networkPolicies.externalEgress.uls_downloader-https.cidr: "10.0.0.0" is not a CIDR such as 0.0.0.0/0 or 10.0.0.0/8',
      'networkPolicies.externalEgress.rat_server-mail-oidc.from: "prometheus" has no pods of this chart',
    ]);
  });

  it('refuses an unknown key under networkPolicies', () => {
    expect(problems({ sets: ['networkPolicies.enable=true'] })).toEqual(['networkPolicies.enable: unknown key: check the spelling or remove it']);
  });
});
