/** Which docs page holds which generated block (`npm run docs`, `npm run docs:graph` write them). */

/** The values reference (the model table). */
export const VALUES_PAGE = 'docs/reference/values.md';
/** The security tables (per component, kube-score exceptions). */
export const SECURITY_PAGE = 'docs/security.md';
/** The graph sections, by marker name: the diagrams on the command's page, the edges and analyzer with the policies. */
export const GRAPH_SECTION_PAGES: Readonly<Record<string, string>> = {
  'graph-default': 'docs/cli/graph.md',
  'graph-k3d': 'docs/cli/graph.md',
  'graph-declared': 'docs/network-policies.md',
  'graph-topology': 'docs/network-policies.md',
};

/** The begin marker of every generated block in the docs: the block's name → its page. */
export const GENERATED_BLOCK_PAGES: Readonly<Record<string, string>> = {
  'model-table': VALUES_PAGE,
  'security-table': SECURITY_PAGE,
  ...GRAPH_SECTION_PAGES,
};
