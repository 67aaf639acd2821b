/**
 * The `hardened` platform: for each component, the tightest settings its image allows, composable with
 * the cluster platforms (`--platform k3d,hardened`, `--platform gcp,hardened`).
 *
 * Nothing here can run the AFC images, so every setting rests on evidence: the images' Dockerfiles,
 * entrypoints and server configs at the chart's commit (open-afc-project/openafc fc912b4a, copied in
 * ../shared/reference/openafc-src) and, for the base images, their published Dockerfiles. `evidence`
 * below cites it per component; the README's Security table is this data. Where the evidence does not
 * show that the program runs as its service user, the component stays at Pod Security `baseline` and
 * `evidence[...].exception` says why: a documented exception beats an unproven setting.
 *
 * What every component gets (all safe whatever the image does):
 * - `seccompProfile: RuntimeDefault`: the container runtime's default filter, the one Docker applies to
 *   these images in upstream's own docker-compose (tests/regression/docker-compose.yaml sets no
 *   `security_opt`).
 * - `automountServiceAccountToken: false`: no AFC program talks to the Kubernetes API (no Python module
 *   of the repository imports a Kubernetes client; the only mentions are tools run outside the cluster).
 * - CPU and memory requests and a memory limit (no CPU limit: it throttles, and the worker sizes its
 *   engine count from the CPUs). The numbers are starting points: the original's memory requests where
 *   it had one, limits of about twice that; size them from your own metrics.
 * - A readiness probe on the serving port of every component that serves one; startup probes before
 *   liveness; no liveness probe where a restart would do harm (databases) or the only check asks
 *   another service (worker, uls_downloader).
 * - No hostPath: `/pipe` (the host's /tmp in the original) is an emptyDir, and the static files folder
 *   (`rat_transfer`) a PersistentVolumeClaim.
 *
 * - NetworkPolicies on (issue 12's `networkPolicies.enabled`: default-deny ingress, and per component
 *   the inbound edges of the dependency graph). Egress stays open (`networkPolicies.egress` is opt-in).
 */
import type { Platform } from '../src/model/overlay.js';
import type { ComponentKey } from '../src/model/schema.js';

/** Components with a workload (the ones Pod Security admission sees). */
export type WorkloadKey = Exclude<ComponentKey, 'prometheus' | 'cadvisor'>;

export interface HardeningEvidence {
  /** Pod Security Standards level the workload meets with this overlay. */
  readonly level: 'restricted' | 'baseline';
  /** Who the processes run as. */
  readonly user: string;
  readonly capabilities: string;
  /** Paths the program writes, and how they are made writable. */
  readonly writablePaths: string;
  readonly probes: string;
  /** Why each setting is safe for this image (files at fc912b4a unless stated). */
  readonly evidence: string;
  /** For `baseline`: why the component cannot run as its service user. */
  readonly exception?: string;
}

const PG_EXCEPTION =
  'the postgres entrypoint (docker-entrypoint.sh of the official image) starts as root to create and chown PGDATA, then drops to `postgres` itself (SETUID/SETGID, CHOWN); running as postgres directly needs PGDATA owned by that user, and the chart mounts the claim at /var/lib/postgresql/data while ratdb sets PGDATA=/mnt/nfs/psql/data (a root-owned path inside the image)';

/** Per component: what the overlay sets and why it is safe. Source of the README Security table. */
export const evidence: Readonly<Record<WorkloadKey, HardeningEvidence>> = {
  ratdb: {
    level: 'baseline',
    user: 'root, then postgres (entrypoint)',
    capabilities: 'runtime default (kept)',
    writablePaths: 'PGDATA (/mnt/nfs/psql/data in the image; the claim at /var/lib/postgresql/data)',
    probes: 'startup + readiness `pg_isready -U postgres`; no liveness',
    evidence:
      'ratdb/Dockerfile: FROM postgres:14.9-alpine, ENV PGDATA=/mnt/nfs/psql/data, ENTRYPOINT docker-entrypoint.sh postgres, HEALTHCHECK `pg_isready -U postgres` (start-period 20s, interval 10s, timeout 5s). allowPrivilegeEscalation false: the entrypoint is root and switches user with su-exec (a setuid() call, not a setuid binary), which no_new_privs does not affect.',
    exception: PG_EXCEPTION,
  },
  bulk_postgres: {
    level: 'baseline',
    user: 'root, then postgres (entrypoint)',
    capabilities: 'runtime default (kept)',
    writablePaths: 'PGDATA = the claim at /var/lib/postgresql/data',
    probes: 'startup + readiness `pg_isready -U postgres`; no liveness',
    evidence:
      'bulk_postgres/Dockerfile: FROM postgis/postgis:14-3.3 (the official postgres entrypoint), HEALTHCHECK `pg_isready -U postgres`. allowPrivilegeEscalation false: the root entrypoint switches user with gosu (a setuid() call), which no_new_privs does not affect.',
    exception: PG_EXCEPTION,
  },
  rmq: {
    level: 'restricted',
    user: 'rabbitmq (100:101), the base image user',
    capabilities: 'drop ALL',
    writablePaths: '/var/lib/rabbitmq (emptyDir, as the image\'s VOLUME under Docker); /etc/rabbitmq and /var/log/rabbitmq are mode 1777 in the image',
    probes: 'startup + readiness TCP amqp (5672); no liveness (a TCP one would repeat readiness; RabbitMQ\'s cluster operator uses the same)',
    evidence:
      'rabbitmq/Dockerfile: FROM rabbitmq:3.12.2-alpine, ENTRYPOINT docker-entrypoint.sh, CMD rabbitmq-server; its config files are written at build time. docker-library/rabbitmq 3.12/alpine/Dockerfile at 3.12.2: `adduser -u 100 -G rabbitmq` (group 101), chown + chmod 1777 of the data, config and log dirs, VOLUME /var/lib/rabbitmq; its docker-entrypoint.sh: "allow the container to be started with --user" (it su-execs only when started as root). The HEALTHCHECK (start-period 60s, interval 20s, 3 retries) sets the probe timing.',
  },
  dispatcher: {
    level: 'baseline',
    user: 'root (nginx master), nginx (workers), root (acceptor.py)',
    capabilities: 'runtime default (kept)',
    writablePaths: '/etc/nginx/conf.d (templates rendered at start), /var/cache/nginx, /var/run/nginx.pid',
    probes: 'startup + readiness TCP http (80); no liveness (a TCP one would repeat readiness)',
    evidence:
      'dispatcher/Dockerfile: FROM nginx:1.24.0-alpine, no USER; entrypoint.sh runs the nginx image\'s /docker-entrypoint.sh (envsubst of /etc/nginx/templates into /etc/nginx/conf.d) and /wd/acceptor.py; nginx.conf: `user nginx;`, `pid /var/run/nginx.pid`, listens on 80 and 443. The HEALTHCHECK asks /fbrat/ap-afc/healthy, which is proxied to msghnd, so the probes are TCP (a msghnd outage must not restart the dispatcher). allowPrivilegeEscalation false: only root switches user (setuid() in the nginx master).',
    exception:
      'the nginx master must start as root: `user nginx;` makes it switch its workers to nginx (SETUID/SETGID), it binds ports 80 and 443, and the entrypoint writes /etc/nginx/conf.d and the pid file, root-owned paths; acceptor.py runs as root beside it',
  },
  rat_server: {
    level: 'baseline',
    user: 'root (httpd parent, postfix), www-data (httpd children), fbrat (mod_wsgi daemon)',
    capabilities: 'runtime default (kept)',
    writablePaths: '/usr/local/apache2/logs, /var/run/wsgi (WSGISocketPrefix), postfix spool; /var/spool/fbrat, /var/lib/fbrat (fbrat)',
    probes: 'startup TCP, readiness GET /fbrat/ratapi/v1/healthy, liveness TCP (port rat_server, 80)',
    evidence:
      'rat_server/Dockerfile: FROM httpd:2.4.58-alpine3.18, no USER, EXPOSE 80 443, HEALTHCHECK GET localhost/fbrat/ratapi/v1/healthy; entrypoint.sh: `httpd -DFOREGROUND &`, `postfix start`; httpd.conf: Listen 80, `User www-data`, `WSGIDaemonProcess ratapi ... user=fbrat`; httpd-vhosts.conf: one *:80 vhost that logs no request ending in /healthy (the health endpoint is meant to be polled). allowPrivilegeEscalation is NOT set: postfix\'s postdrop is setgid, and mail submitted by the fbrat/www-data processes goes through it.',
    exception:
      'httpd starts as root to bind port 80 and switch to www-data, mod_wsgi switches its daemon to fbrat, and the entrypoint runs `postfix start` (root); all need SETUID/SETGID, and postfix needs its setgid postdrop (so privilege escalation stays allowed)',
  },
  msghnd: {
    level: 'restricted',
    user: 'fbrat (1003:1003), created by the image',
    capabilities: 'drop ALL',
    writablePaths:
      '/run/gunicorn (pid file, emptyDir), /wd/prometheus_multiproc_dir (PROMETHEUS_MULTIPROC_DIR, emptyDir); /var/lib/fbrat, /var/spool/fbrat, /var/celery are owned by fbrat in the image; /tmp is world-writable',
    probes: 'startup TCP, readiness GET /fbrat/ap-afc/healthy, liveness TCP (port msghnd, 8000)',
    evidence:
      'msghnd/Dockerfile: alpine:3.18 + gunicorn, `adduser -u 1003 -G fbrat fbrat` (group 1003) and `chown fbrat:fbrat` of exactly its data dirs (/var/lib/fbrat/AntennaPatterns, /var/spool/fbrat, /var/lib/fbrat, /var/celery); EXPOSE 8000 (no privileged port); entrypoint.sh: gunicorn --bind 0.0.0.0:8000 --pid /run/gunicorn/openafc_app.pid, logs to /proc/self/fd/2; the two root-owned dirs it writes (/run/gunicorn, PROMETHEUS_MULTIPROC_DIR) are created empty by the Dockerfile, so emptyDirs hide nothing. HEALTHCHECK GET :8000/fbrat/ap-afc/healthy.',
  },
  objst: {
    level: 'restricted',
    user: 'nobody (65534:65534)',
    capabilities: 'drop ALL',
    writablePaths: '/storage (AFC_OBJST_LOCAL_DIR, emptyDir: in the original it is the container\'s own filesystem, which lives as long as the pod too); /tmp is world-writable',
    probes: 'startup TCP, readiness GET /healthy, liveness TCP (port fileStorage, 5000)',
    evidence:
      'objstorage/Dockerfile: alpine:3.18 + gunicorn, no user switch, ports 5000 and 4999; docker-entrypoint.sh: two `gunicorn --bind 0.0.0.0:<port>` (unprivileged ports), nothing else; the store is AFC_OBJST_LOCAL_DIR=/storage (configmap objst). HEALTHCHECK GET :5000/healthy. The image has no service user: nobody is the unprivileged user of its alpine base.',
  },
  worker: {
    level: 'baseline',
    user: 'root (AFC_WORKER_USER=root)',
    capabilities: 'runtime default (kept)',
    writablePaths: '/var/run/celery (pid files), /aep (created at start), /var/spool/fbrat, /var/lib/fbrat, /var/celery; /pipe (emptyDir)',
    probes: 'none: it serves no port, and its HEALTHCHECK (`celery status`) asks the broker, so a broker outage would restart every worker',
    evidence:
      'worker/Dockerfile: `ARG AFC_WORKER_USER=root`, `ENV AFC_WORKER_USER`; docker-entrypoint.sh: `mkdir -p` of /aep/... at the filesystem root, `celery multi start ... --pidfile=/var/run/celery/%n.pid` (a root-owned dir). rat_transfer is mounted read-only (the engine reads the static files). allowPrivilegeEscalation false: nothing switches user (devel.sh adds sudo only in the devel profile).',
    exception:
      'the image declares root as the worker user (AFC_WORKER_USER=root) and its entrypoint creates /aep at the filesystem root and writes pid files in the root-owned /var/run/celery; no evidence shows the engine running as fbrat',
  },
  als_kafka: {
    level: 'restricted',
    user: '1001 (the base image user), fsGroup 1001',
    capabilities: 'drop ALL',
    writablePaths: '/bitnami/kafka (data) and /opt/bitnami/kafka/config (rendered at start): owned by 1001 in the base image',
    probes: 'startup + readiness TCP kafka (9092); no liveness (a TCP one would repeat readiness)',
    evidence:
      'als/Dockerfile.kafka: FROM bitnami/kafka:3.3.1 without USER, so the base image\'s `USER 1001` stays in force (Bitnami images are non-root: their Dockerfiles end with USER 1001 and chown /bitnami and /opt/bitnami/kafka to it); the ENTRYPOINT only sets env and runs /opt/bitnami/scripts/kafka/entrypoint.sh run.sh. Ports 9092/9093 are unprivileged.',
  },
  als_siphon: {
    level: 'restricted',
    user: 'nobody (65534:65534)',
    capabilities: 'drop ALL',
    writablePaths: 'none known: /usr/app is mode 777 in the image',
    probes: 'startup + readiness TCP metrics (8080); no liveness (a TCP one would repeat readiness)',
    evidence:
      'als/Dockerfile.siphon: alpine:3.18 + python, `mkdir -p -m 777 /usr/app` (WORKDIR), ENTRYPOINT als_siphon.py with --prometheus_port=8080 (unprivileged); no user switch, no file written outside /usr/app. The image has no service user: nobody is its base\'s unprivileged user.',
  },
  uls_downloader: {
    level: 'baseline',
    user: 'root',
    capabilities: 'runtime default (kept)',
    writablePaths: '/rat_transfer (the claim: it writes the ULS databases), /mnt/nfs/rat_transfer/daily_uls_parse/{data_files,temp}, /output_folder (root-owned dirs of the image)',
    probes: 'startup + readiness TCP metrics (8000); no liveness (its HEALTHCHECK runs every 2 h for 2 min: downloads are long)',
    evidence:
      'uls/Dockerfile-uls_service: `mkdir -p /mnt/nfs/rat_transfer/daily_uls_parse/data_files .../temp /output_folder` as root, ENV ULS_CURRENT_DB_SYMLINK=rat_transfer/ULS_Database/FS_LATEST.sqlite3 (it replaces the database in /rat_transfer), HEALTHCHECK --interval=2h --timeout=2m. allowPrivilegeEscalation false: nothing switches user.',
    exception: 'it runs as root and writes into root-owned directories created by its Dockerfile; no service user exists in the image',
  },
  cert_db: {
    level: 'baseline',
    user: 'root (crond)',
    capabilities: 'runtime default (kept)',
    writablePaths: 'crond state; /var/lib/fbrat (fbrat)',
    probes: 'none: it serves no port',
    evidence:
      'cert_db/Dockerfile: sweep.sh installed in /etc/periodic/daily (root\'s crontab), chmod 744; entrypoint.sh: `crond -b` then `sleep infinity` (unless K8S_CRON). allowPrivilegeEscalation false: crond runs root\'s jobs as root.',
    exception: 'busybox crond runs root\'s crontab (/etc/periodic/daily/sweep.sh, mode 744, root-owned) and must run as root',
  },
  rcache: {
    level: 'restricted',
    user: 'nobody (65534:65534)',
    capabilities: 'drop ALL',
    writablePaths: 'none known: its state is in postgres (RCACHE_POSTGRES_DSN)',
    probes: 'startup TCP, readiness GET /healthcheck, liveness TCP (port rcache, 8000)',
    evidence:
      'rcache/Dockerfile: alpine:3.18 + python, ENTRYPOINT `uvicorn rcache_app:app --host 0.0.0.0 --port ${RCACHE_CLIENT_PORT}` (8000, unprivileged), no user switch; HEALTHCHECK `curl -f :${RCACHE_CLIENT_PORT}/healthcheck` (start-period 20s). No service user in the image: nobody is its base\'s unprivileged user.',
  },
  grafana: {
    level: 'restricted',
    user: 'grafana (472), the base image user; fsGroup 472',
    capabilities: 'drop ALL',
    writablePaths: '/var/lib/grafana, /var/log/grafana: owned by 472 in the base image',
    probes: 'startup TCP, readiness GET /api/health, liveness TCP (port grafana, 3000)',
    evidence:
      'prometheus/Dockerfile-grafana: FROM grafana/grafana-oss:10.2.0-ubuntu with only EXPOSE 3000, so the base image\'s `USER 472` (GF_UID) stays in force; 3000 is unprivileged; /api/health is Grafana\'s health endpoint.',
  },
  nginxexporter: {
    level: 'restricted',
    user: '1001 (the base image user)',
    capabilities: 'drop ALL',
    writablePaths: 'none (read-only root filesystem)',
    probes: 'startup + readiness TCP http (9113); no liveness (a TCP one would repeat readiness)',
    evidence:
      'prometheus/Dockerfile-nginxexporter: FROM bitnami/nginx-exporter:0.11.0-debian-11-r370 without USER (Bitnami\'s USER 1001 stays); ENTRYPOINT `nginx-prometheus-exporter -nginx.scrape-uri=...`, a single Go binary that writes no file; 9113 is unprivileged. Probes are TCP: a scrape of /metrics asks the dispatcher.',
  },
};

/**
 * kube-score v1.20.0 CRITICAL findings that remain on the hardened output, by check, with the reason.
 * test/platforms/kube-score.test.ts fails on any other CRITICAL finding; the README lists these.
 */
export const kubeScoreExceptions: Readonly<Record<string, string>> = {
  'container-resources':
    'no CPU limit, on purpose: a CPU limit throttles (the AFC engine is CPU-bound) and the worker sizes its engine count from the CPUs; every container has CPU and memory requests and a memory limit',
  'container-ephemeral-storage-request-and-limit':
    'the data written to the container layer and emptyDirs is not sized anywhere (ratdb keeps PGDATA in the container layer, objst its files in /storage): an ephemeral-storage limit would evict the pod when reached',
  'container-security-context-user-group-id':
    "kube-score wants UID and GID above 10000: the images' own users are below (fbrat 1003, rabbitmq 100:101, grafana 472, Bitnami 1001), and the baseline components start as root (see their exception)",
  'container-security-context-readonlyrootfilesystem':
    'only nginxexporter is known to write no file; the others write paths in the image that the evidence does not list completely, so their root filesystem stays writable',
  'statefulset-has-servicename':
    "the original's StatefulSets name the ClusterIP Service (ratdb) as serviceName, not ratdb-headless; serviceName is immutable, so changing it would break upgrades of existing installs",
  'container-image-pull-policy':
    'gcp only: its images are preloaded on the nodes (imagePullPolicy Never, as the original gcp values); kube-score wants Always. The pull policy is the cluster platform\'s choice, not a hardening one',
  'deployment-targeted-by-hpa-does-not-have-replicas-configured':
    "the worker keeps the original's replicas (1) beside its HPA, as the default output does",
};

const restrictedUser = (uid: number, gid: number, fsGroup = gid) => ({
  runAsNonRoot: true,
  runAsUser: uid,
  runAsGroup: gid,
  fsGroup,
});

const tcp = (port: string, periodSeconds = 10, failureThreshold = 3) => ({ tcpSocket: { port }, periodSeconds, failureThreshold });
const http = (port: string, path: string) => ({ httpGet: { port, path }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 });
/** A startup probe that allows `minutes` for the program to start listening. */
const startupTcp = (port: string, minutes = 5) => ({ tcpSocket: { port }, periodSeconds: 10, failureThreshold: minutes * 6 });
const pgIsReady = { exec: { command: ['pg_isready', '-U', 'postgres'] }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 };
/** Databases may need a long time to initialise or recover: 10 minutes before the first readiness check counts. */
const pgStartup = { ...pgIsReady, failureThreshold: 60 };

const resources = (cpu: string, memory: string, memoryLimit: string) => ({
  requests: { cpu, memory },
  limits: { memory: memoryLimit },
});

export const hardened: Platform = {
  description: 'Pod Security restricted where the image allows (baseline elsewhere, documented), probes, resources, no SA token, no hostPath',
  values: {
    networkPolicies: { enabled: true },
    securityContexts: {
      // Container-level parts (the pod-level ones are each component's podSecurityContext).
      restricted: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      restrictedReadOnly: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
      baselineNoEscalation: { allowPrivilegeEscalation: false },
      baselineNotPrivileged: { privileged: false },
    },
    staticVolumes: {
      // The original's hostPath /tmp (shared by every pod of the node) becomes a per-pod emptyDir; copy
      // files in with `kubectl cp` (upstream's regression tests pass admin configs through it).
      pipe: { hostPath: null, emptyDir: {} },
      msghnd_gunicorn_run: { emptyDir: {} },
      msghnd_prometheus: { emptyDir: {} },
      objst_storage: { emptyDir: {} },
      rmq_data: { emptyDir: {} },
    },
    staticVolumeClaims: {
      // The static files folder. ReadWriteMany, not ReadOnlyMany: uls_downloader writes the ULS
      // databases into it; rat_server and worker mount it read-only. Bind it to a volume that holds the
      // static files (storageClassName "" + volumeName), or let a RWX class provision an empty one.
      rat_transfer: { accessMode: 'ReadWriteMany', storage: '100Gi' },
    },
    components: {
      default: {
        automountServiceAccountToken: false,
        podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        securityContextKey: 'baselineNoEscalation',
      },
      ratdb: {
        containerResources: resources('100m', '256Mi', '2Gi'),
        startupProbe: pgStartup,
        readinessProbe: pgIsReady,
      },
      bulk_postgres: {
        containerResources: resources('100m', '256Mi', '2Gi'),
        startupProbe: pgStartup,
        readinessProbe: pgIsReady,
      },
      rmq: {
        securityContextKey: 'restricted',
        podSecurityContext: restrictedUser(100, 101),
        staticVolumeMounts: { rmq_data: '/var/lib/rabbitmq' },
        containerResources: resources('100m', '200Mi', '1Gi'),
        startupProbe: startupTcp('amqp'),
        readinessProbe: tcp('amqp'),
      },
      dispatcher: {
        containerResources: resources('100m', '128Mi', '512Mi'),
        startupProbe: startupTcp('http'),
        readinessProbe: tcp('http'),
      },
      rat_server: {
        // Privilege escalation stays allowed: postfix's setgid postdrop (see evidence).
        securityContextKey: 'baselineNotPrivileged',
        readOnlyStaticVolumes: ['rat_transfer'],
        containerResources: resources('200m', '200Mi', '1Gi'),
        startupProbe: startupTcp('rat_server'),
        readinessProbe: http('rat_server', '/fbrat/ratapi/v1/healthy'),
        livenessProbe: tcp('rat_server', 30),
      },
      msghnd: {
        securityContextKey: 'restricted',
        podSecurityContext: restrictedUser(1003, 1003),
        staticVolumeMounts: { msghnd_gunicorn_run: '/run/gunicorn', msghnd_prometheus: '/wd/prometheus_multiproc_dir' },
        containerResources: resources('200m', '1200Mi', '2400Mi'),
        startupProbe: startupTcp('msghnd'),
        readinessProbe: http('msghnd', '/fbrat/ap-afc/healthy'),
        livenessProbe: tcp('msghnd', 30),
      },
      objst: {
        securityContextKey: 'restricted',
        podSecurityContext: restrictedUser(65534, 65534),
        staticVolumeMounts: { objst_storage: '/storage' },
        containerResources: resources('100m', '500Mi', '1Gi'),
        startupProbe: startupTcp('fileStorage'),
        readinessProbe: http('fileStorage', '/healthy'),
        livenessProbe: tcp('fileStorage', 30),
      },
      worker: {
        readOnlyStaticVolumes: ['rat_transfer'],
        containerResources: resources('1', '4500Mi', '9000Mi'),
      },
      als_kafka: {
        securityContextKey: 'restricted',
        // Bitnami's user 1001 runs with group 0 (root group, no privilege); fsGroup as Bitnami's own charts.
        podSecurityContext: { runAsNonRoot: true, runAsUser: 1001, fsGroup: 1001 },
        // Bitnami's default Kafka heap is 1 GiB (-Xmx1024m): the limit leaves room for it and the JVM.
        containerResources: resources('200m', '500Mi', '2Gi'),
        startupProbe: startupTcp('kafka'),
        readinessProbe: tcp('kafka'),
      },
      als_siphon: {
        securityContextKey: 'restricted',
        podSecurityContext: restrictedUser(65534, 65534),
        containerResources: resources('50m', '100Mi', '512Mi'),
        startupProbe: startupTcp('metrics'),
        readinessProbe: tcp('metrics'),
      },
      uls_downloader: {
        containerResources: resources('100m', '256Mi', '2Gi'),
        startupProbe: startupTcp('metrics'),
        readinessProbe: tcp('metrics'),
      },
      cert_db: {
        containerResources: resources('50m', '128Mi', '512Mi'),
      },
      rcache: {
        securityContextKey: 'restricted',
        podSecurityContext: restrictedUser(65534, 65534),
        containerResources: resources('100m', '100Mi', '512Mi'),
        startupProbe: startupTcp('rcache'),
        readinessProbe: http('rcache', '/healthcheck'),
        livenessProbe: tcp('rcache', 30),
      },
      grafana: {
        securityContextKey: 'restricted',
        podSecurityContext: restrictedUser(472, 472),
        containerResources: resources('100m', '128Mi', '512Mi'),
        startupProbe: startupTcp('grafana'),
        readinessProbe: http('grafana', '/api/health'),
        livenessProbe: tcp('grafana', 30),
      },
      nginxexporter: {
        securityContextKey: 'restrictedReadOnly',
        podSecurityContext: { runAsNonRoot: true, runAsUser: 1001 },
        containerResources: resources('10m', '16Mi', '64Mi'),
        startupProbe: startupTcp('http'),
        readinessProbe: tcp('http'),
      },
    },
  },
};
