// Every relative link and #anchor of README.md and docs/ resolves, by GitHub's anchor rules
// (docs/incoming/ holds other branches' drafts, placed by the integrator: not checked until placed).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anchors, brokenLinks, links, markdownFiles, slug } from '../support/markdown.js';

const ROOT = process.cwd();
const FILES = ['README.md', ...markdownFiles(ROOT, 'docs', ['docs/incoming'])];

/** The anchors of README.md's sections before it became a front door (issue 22): old links land on its index. */
const OLD_README_ANCHORS = [
  'quick-start',
  'cli-reference-afc-synth',
  'what---out-replaces',
  'platform-overlays',
  'test-your-own-overlay',
  'the-model',
  'security',
  'what-the-default-original-profile-allows',
  'what-hardened-changes',
  'per-component',
  'measured',
  'checking-a-clusters-namespace',
  'helm-output',
  'migrating-from-the-original-chart',
  'networkpolicies-and-the-dependency-graph',
  'afc-graph---platform-list--f-file---set-pathvalue---format-mermaiddotjsonsvg',
  'turning-policies-on-and-what-they-allow',
  'declared-edges-and-how-they-were-established',
  'checked-by-an-independent-analyzer',
  'limits',
  'local-k3d-cluster',
  'tldr',
  'timeouts-and-interrupts',
  'afc-cluster-create-options-cluster',
  'afc-cluster-delete---kubeconfig-file---dry-run-cluster',
  'afc-cluster-ports---kubeconfig-file---context-kubeconfigcontext-cluster',
  'afc-install-options-release',
  'afc-images-push---k3d-reg-nameport---dry-run-tag',
  'afc-ratdb-preload---namespace-ns---context-c---pod-stem-text---dry-run',
  'deploy-to-any-cluster-gke-eks-',
  'afc-diff-synth-options---context-c---namespace-ns---against-dir--o-textjson',
  'afc-apply-synth-options---context-c---namespace-ns---create-namespace---wait-duration---dry-run---yes---force-conflicts',
  'testbed-a-real-kubernetes-api-server-in-the-tests',
  'performance',
  'reproduce',
  'architecture',
  'how-to-add-a-component',
  'contributing',
];

describe('the links of README.md and docs/', () => {
  for (const file of FILES) {
    it(`resolve in ${file}`, () => {
      expect(brokenLinks(ROOT, file)).toEqual([]);
    });
  }

  it('include every page of docs/ from its index or another page (no page is unreachable)', () => {
    const linked = new Set<string>();
    for (const file of FILES) {
      for (const { target } of links(readFileSync(file, 'utf8'))) {
        if (!/^[a-z]+:/.test(target)) linked.add(new URL(target.split('#')[0]!, `file://${ROOT}/${file}`).pathname.slice(ROOT.length + 1));
      }
    }
    expect(FILES.filter((f) => f !== 'README.md' && !linked.has(f))).toEqual([]);
  });

  it("keep the old README's anchors resolving (its index of where each section went)", () => {
    const readme = anchors(readFileSync('README.md', 'utf8'));
    expect(OLD_README_ANCHORS.filter((a) => !readme.has(a))).toEqual([]);
  });
});

describe('the link checker', () => {
  it("computes GitHub's anchors: code and punctuation dropped, repeats numbered", () => {
    expect(slug('What `--out` replaces')).toBe('what---out-replaces');
    expect(slug('Deploy to any cluster (GKE, EKS, …)')).toBe('deploy-to-any-cluster-gke-eks-');
    expect([...anchors('# A\n## Limits\n```\n# not a heading\n```\n## Limits\n<a id="old"></a>\n')]).toEqual(['a', 'limits', 'limits-1', 'old']);
  });

  it('finds a missing file, a missing anchor and an anchor into a folder (the test can fail)', () => {
    const text = '[a](docs/nothing.md) [b](README.md#no-such-section) [c](docs#x) [ok](README.md#quick-start) [web](https://example.com/x#y) `[code](nowhere.md)`\n';
    expect(brokenLinks(ROOT, 'sample.md', text)).toEqual([
      'sample.md:1: docs/nothing.md: docs/nothing.md does not exist',
      'sample.md:1: README.md#no-such-section: no anchor #no-such-section in README.md',
      'sample.md:1: docs#x: an anchor into a file that is not Markdown',
    ]);
  });
});
