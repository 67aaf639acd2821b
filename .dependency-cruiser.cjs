// The layering of docs/dev/architecture.md, as rules of dependency-cruiser (test/architecture.test.ts runs
// them in `npm test`; `npx depcruise src platforms` prints the same report). A layer imports only the
// layers below it:
//
//   errors.ts, imports/           (the bottom: no import of ours)
//   model/                        the typed model; knows no platform, construct or writer
//   kit/                          processes, the kube target, manifests and the one object diff (under cluster/ and runner/)
//   platforms/                    overlays: data typed by the model
//   constructs/                   cdk8s constructs over the model
//   docs/                         generated tables (model, schema, security); the Helm chart's README uses them
//   synth/   graph/               writers (plain, Helm, --out) / the dependency graph as text
//   cluster/ runner/              day 2 on any cluster / the k3d runner and migrate
//   cli/  api.ts  main.ts         the entry points
//
// and nothing imports in a circle.

/** Layers, bottom first: a module may import its own layer and those before it, nothing after. */
const LAYERS = [
  ['^src/errors\\.ts$', '^src/imports/'],
  ['^src/model/'],
  ['^src/kit/'],
  ['^platforms/'],
  ['^src/constructs/'],
  ['^src/docs/'],
  ['^src/synth/', '^src/graph/'],
  ['^src/cluster/', '^src/runner/'],
  ['^src/cli/', '^src/api\\.ts$', '^src/main\\.ts$'],
];

/**
 * The cluster <-> runner circle (src/cluster ran programs through the runner's exec, host and context,
 * and runner/migrate-plan.ts compared with the cluster's manifests and diff) is gone: both use src/kit.
 * A pair [from, to] here would be a known exception; there are none.
 */
const KNOWN_EXCEPTIONS = [];

const exact = (file) => `^${file.replace(/[.]/g, '\\.')}$`;
const any = (patterns) => patterns.join('|');

/** Each layer may not import any layer above it. */
const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `no-import-up-from-${layer[0].replace(/[\^$\\]/g, '').replace(/\/$|\.ts$/, '').replace(/^src\//, '')}`,
  comment: `${layer.join(', ')} may import only the layers below it (docs/dev/architecture.md)`,
  severity: 'error',
  from: { path: any(layer) },
  to: { path: any(LAYERS.slice(i + 1).flat()) },
}));

/** Within the cluster/runner layer the two folders do not import each other, but for the known exceptions. */
const sources = [...new Set(KNOWN_EXCEPTIONS.map(([from]) => from))];
const sideways = [
  ...[
    ['^src/cluster/', '^src/runner/'],
    ['^src/runner/', '^src/cluster/'],
  ].map(([from, to]) => ({
    name: `no-${from.slice(5, -1)}-to-${to.slice(5, -1)}`,
    comment: 'cluster/ and runner/ do not import each other (the known exceptions are removed by the kit, issue 22 item 2)',
    severity: 'error',
    from: sources.length > 0 ? { path: from, pathNot: any(sources.map(exact)) } : { path: from },
    to: { path: to },
  })),
  ...sources.map((from) => ({
    name: `no-${from.split('/')[1]}-to-${from.split('/')[1] === 'cluster' ? 'runner' : 'cluster'}`,
    comment: `${from}: only its known exceptions (removed by the kit, issue 22 item 2)`,
    severity: 'error',
    from: { path: exact(from) },
    to: {
      path: from.startsWith('src/cluster/') ? '^src/runner/' : '^src/cluster/',
      pathNot: any(KNOWN_EXCEPTIONS.filter(([f]) => f === from).map(([, to]) => exact(to))),
    },
  })),
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no module imports itself through others',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-src-to-tests',
      comment: 'src/ and platforms/ never import tests, scripts or benchmarks',
      severity: 'error',
      from: { path: '^(src|platforms)/' },
      to: { path: '^(test|e2e|scripts|bench)/' },
    },
    {
      name: 'no-platform-in-constructs',
      comment: 'a platform overlay is data: constructs never see the platforms, only values (docs/STYLE.md)',
      severity: 'error',
      from: { path: '^src/(constructs|model)/' },
      to: { path: '^platforms/' },
    },
    ...upward,
    ...sideways,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // `import type` counts: a type is a dependency of the design too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/imports/' },
  },
};
