/** The helm majors afc drives (src/runner/helm.ts): the version answer, and the argv of each major. */
import { describe, expect, it } from 'vitest';
import { helmCliFor } from '../../src/runner/helm.js';
import { runInstall } from '../../src/runner/install.js';
import { destructive, makeBench } from './support.js';

describe('the helm of a run', () => {
  it('takes Helm 3.13 and later with Helm 3 argv, and every Helm 4 with Helm 4 argv', () => {
    expect(helmCliFor('v3.13.0')).toMatchObject({ major: 3, listAll: ['--all'], wait: '--wait', dryRunServer: '--dry-run=server', forceConflicts: [] });
    expect(helmCliFor('v3.16.4+g7877b45\n')).toMatchObject({ version: 'v3.16.4+g7877b45', major: 3 });
    expect(helmCliFor('v4.0.0')).toMatchObject({ major: 4, listAll: [], wait: '--wait=watcher', dryRunServer: '--dry-run=server', forceConflicts: ['--force-conflicts'] });
    expect(helmCliFor('v4.3.2').version).toBe('v4.3.2');
  });

  it('refuses an older helm, and an answer that is no version, in one line naming it', () => {
    expect(() => helmCliFor('v3.12.3')).toThrow(/^helm v3\.12\.3 is not supported: afc needs Helm 3\.13 or later, or Helm 4 \(install one, or point AFC_HELM at it\)$/);
    expect(() => helmCliFor('v2.17.0')).toThrow(/^helm v2\.17\.0 is not supported/);
    expect(() => helmCliFor('v5.0.0')).toThrow(/^helm v5\.0\.0 is not supported/);
    expect(() => helmCliFor('<no value>')).toThrow(/^helm version answered "<no value>", not a version: check AFC_HELM or the helm on PATH/);
  });

  it('stops afc install before anything changes when the helm is too old, asking it once', async () => {
    const bench = makeBench({ env: { AFC_STANDIN_HELM_VERSION: 'v3.12.0' } });
    try {
      bench.setState('helm-releases.json', [{ name: 'afc', namespace: 'default', status: 'deployed' }]);
      await expect(runInstall('afc', {}, bench.host)).rejects.toThrow(/^helm v3\.12\.0 is not supported: afc needs Helm 3\.13 or later, or Helm 4/);
      expect(destructive(bench.commands())).toEqual([]);
      expect(bench.commands().filter((c) => c.tool === 'helm').map((c) => c.argv.join(' '))).toEqual(['version --template {{ .Version }}']);
    } finally {
      bench.cleanup();
    }
  });
});
