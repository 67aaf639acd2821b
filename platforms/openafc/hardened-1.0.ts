/**
 * The `hardened` platform and the 1.0.x versions: refused, with the reasons. `hardened`
 * (platforms/hardened.ts) sets per component what the image at fc912b4a was shown to allow; each
 * setting rests on that revision's Dockerfiles and entrypoints. At the 1.0.x tags those files changed
 * (open-afc-project/openafc, `git diff fc912b4a <tag>`), and a setting that is not shown for a revision
 * is not applied to it: a guess at runAsUser or a read-only path breaks the pod, a missing one makes the
 * profile lie. Below, per version, the settings that cannot be carried over and why (the files named are
 * at that tag); docs/incoming/hardened-1.0.md has the review of every component.
 */

/** One setting of `hardened` that a version's images do not support as evidenced. */
export interface HardenedGap {
  /** Component key of the 1.0.x model (or `model` for what the values cannot say). */
  readonly component: string;
  readonly why: string;
}

/** A version's gaps, and whether its review covered every image (else these are the first found). */
export interface HardenedReview {
  readonly complete: boolean;
  readonly gaps: readonly HardenedGap[];
}

/** What every 1.0.x version lacks, whatever its images. */
const MODEL: HardenedGap = {
  component: 'model',
  why: 'the 1.0.x values (upstream\'s templates) have no pod securityContext (fsGroup, seccompProfile RuntimeDefault), no automountServiceAccountToken and no volume claim of their own for rat_transfer (the profile\'s replacement of the hostPath volumes Pod Security baseline forbids)',
};
const AFCSERVER: HardenedGap = {
  component: 'afcserver',
  why: 'new since fc912b4a (afc_server/Dockerfile: no USER, no service user; entrypoint.sh writes the gunicorn pid file AFC_SERVER_GUNICORN_PID): its user and writable paths are not established',
};
const OBJST: HardenedGap = {
  component: 'objst',
  why: 'its HEALTHCHECK asks /objst_healthy (fc912b4a: /healthy, the readiness path of the profile)',
};

/**
 * The review of each 1.0.x version (by version id), oldest first. 1.0.1.0's covers every image: its
 * other Dockerfile and entrypoint changes since fc912b4a keep the users, written paths and ports the
 * profile relies on (docs/incoming/hardened-1.0.md, per component). The later ones stop at the first
 * gaps found.
 */
export const hardenedReviews: Readonly<Record<string, HardenedReview>> = {
  '1.0.1.0': { complete: true, gaps: [MODEL, AFCSERVER, OBJST] },
  '1.0.3.0': { complete: false, gaps: [
    MODEL,
    AFCSERVER,
    OBJST,
    { component: 'rmq', why: 'rabbitmq:3.13.7-alpine (fc912b4a: 3.12.2, whose user 100:101 and mode-1777 directories the profile relies on) is not re-checked' },
    { component: 'grafana', why: 'a new image (grafana/Dockerfile-grafana: grafana/grafana:11.4.0-ubuntu, `chmod u+s` of socat, entrypoint-grafana.sh), so the user 472 and no-privilege-escalation settings are not shown' },
  ] },
  '717d3491': { complete: false, gaps: [
    MODEL,
    AFCSERVER,
    OBJST,
    { component: 'rmq', why: 'rabbitmq:3.13.7-alpine (fc912b4a: 3.12.2) is not re-checked' },
    { component: 'grafana', why: 'a new image (grafana/grafana:11.4.0-ubuntu with a setuid socat)' },
    { component: 'als-kafka', why: 'als/Dockerfile.kafka is FROM apache/kafka:3.9.1, not Bitnami: the user 1001 and /bitnami paths of the profile do not apply' },
    { component: 'nginxexporter', why: 'prometheus/Dockerfile-nginxexporter is FROM nginx/nginx-prometheus-exporter:0.11, not Bitnami\'s image with USER 1001' },
  ] },
};

/** The gaps of each 1.0.x version (by version id). */
export const hardenedGaps: Readonly<Record<string, readonly HardenedGap[]>> = Object.fromEntries(Object.entries(hardenedReviews).map(([id, r]) => [id, r.gaps]));

/** The one-line refusal of `hardened` for a version, or undefined when the version has no gaps listed. */
export function hardenedRefusal(versionId: string): string | undefined {
  const review = hardenedReviews[versionId];
  if (!review) return undefined;
  const list = review.gaps.map((g) => (g.component === 'model' ? g.why : `${g.component}: ${g.why}`)).join('; ');
  return `platform "hardened" is refused for OpenAFC ${versionId}: its settings are shown only for fc912b4a's images, and here ${list}${review.complete ? '' : ' (the first gaps found; the review of this version stops there)'}. Use --openafc fc912b4a for the hardened profile, or set the security contexts of this version in a values file (see the hardened-1.0 docs)`;
}
