/** The work behind `afc synth`. */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AfcError } from '../errors.js';
import { appPlatformList, openafcAppVersion } from '../../platforms/ext-versions.js';
import { checkOutputTarget, installInterruptCleanup, writeDirAtomic, type OutputOptions } from './atomic.js';
import { helmChartFiles } from './helm/index.js';
import { plainFileOf, synthInstances, synthPlainYaml, type SynthOptions } from './plain.js';
import { toYamlStream } from '../kit/yaml.js';

/** What `afc synth` was asked (its command-line options, parsed). */
export interface SynthCommandOptions {
  /** Platform lists (`k3d,http`), one per --platform. */
  readonly platform?: readonly string[];
  readonly values?: readonly string[];
  readonly set?: readonly string[];
  readonly release: string;
  readonly namespace?: string;
  readonly instances?: number;
  readonly format: 'plain' | 'helm';
  readonly out?: string;
  readonly stdout?: boolean;
  readonly matrix?: string;
  readonly force?: boolean;
  /** The OpenAFC version (--openafc). */
  readonly openafc?: string;
  /** The app (--app): afc-int (default) or afc-ext. */
  readonly app?: string;
}

/** The default folder name of a platform list. */
export const comboName = (platforms: readonly string[]): string => (platforms.length > 0 ? platforms.join('+') : 'base');

/** Every subset of `platforms`, keeping their order (2^n combinations, the empty one first). */
export function platformCombinations(platforms: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let mask = 0; mask < 1 << platforms.length; mask++) out.push(platforms.filter((_, i) => mask & (1 << i)));
  return out;
}

/**
 * The folders of the afc CLI that runs (found from its script, bin/afc), never to be replaced by --out:
 * build/ (the bundle), bin/, src/, node_modules/. Empty when afc runs as a library.
 */
export function cliFolders(script: string | undefined = process.argv[1]): string[] {
  if (!script) return [];
  let dir: string;
  try {
    dir = dirname(realpathSync(script));
  } catch {
    return [];
  }
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = join(dir, 'package.json');
      if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'afc-k8s') {
        return ['build', 'bin', 'src', 'node_modules'].map((d) => join(dir, d));
      }
    } catch {
      // not ours
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return [];
}

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

function filesFor(format: 'plain' | 'helm', opts: SynthOptions): Map<string, string> {
  if (format === 'helm') return helmChartFiles(opts);
  return new Map([[plainFileOf(opts.app), synthPlainYaml(opts)]]);
}

export async function runSynth(cli: SynthCommandOptions): Promise<void> {
  openafcAppVersion(cli.openafc, cli.app);
  const platforms = appPlatformList(cli.platform ?? [], cli.openafc, cli.app);
  if (cli.force && cli.out === undefined) {
    throw new AfcError('--force lets --out replace a folder that afc did not write, and no --out was given: name the folder with --out DIR, or drop --force');
  }
  const plainFile = plainFileOf(cli.app);
  // afc-ext's default folders are apart from afc-int's: dist/afc-ext-<platforms>.
  const folder = (name: string): string => (cli.app === 'afc-ext' ? `afc-ext-${name}` : name);
  const outOpts: OutputOptions = { force: cli.force, inputs: cli.values ?? [], protect: cliFolders() };
  let stage = 'nothing was written';
  installInterruptCleanup(() => stage);
  const warned = new Set<string>();
  const warn = (line: string): void => {
    if (warned.has(line)) return;
    warned.add(line);
    process.stderr.write(`afc: warning: ${line}\n`);
  };
  const base: SynthOptions = { platforms, valuesFiles: cli.values ?? [], sets: cli.set ?? [], release: cli.release, namespace: cli.namespace, ...(cli.openafc === undefined ? {} : { openafc: cli.openafc, warn }), ...(cli.app === undefined ? {} : { app: cli.app }) };
  if (cli.format === 'helm' && cli.namespace !== undefined) {
    throw new AfcError('--namespace applies to plain manifests: install the chart with helm install --namespace');
  }
  if (cli.instances !== undefined) {
    if (cli.format !== 'plain' || cli.matrix !== undefined || cli.namespace !== undefined) {
      throw new AfcError('--instances writes plain manifests of one platform list, each release in its own namespace: drop --format helm, --matrix and --namespace');
    }
    const out = cli.stdout ? undefined : (cli.out ?? join('dist', folder(`${comboName(platforms)}-x${cli.instances}`)));
    if (out !== undefined) checkOutputTarget(out, outOpts);
    const yaml = toYamlStream(synthInstances(base, cli.instances));
    if (out === undefined) {
      process.stdout.write(yaml);
      return;
    }
    writeDirAtomic(out, new Map([[plainFile, yaml]]), outOpts);
    process.stdout.write(`wrote ${out} (${plainFile}, ${cli.instances} instances)\n`);
    return;
  }
  if (cli.matrix !== undefined) {
    if (cli.stdout) throw new AfcError('--matrix writes one folder per combination: use --out DIR, not --stdout');
    if (platforms.length > 0) throw new AfcError('--matrix takes the platforms itself: drop --platform');
    const list = cli.matrix.trim() === '' ? [] : appPlatformList([cli.matrix], cli.openafc, cli.app, '--matrix');
    const twice = list.find((p, i) => list.indexOf(p) !== i);
    if (twice !== undefined) throw new AfcError(`--matrix "${cli.matrix}" names the platform "${twice}" twice: give each platform once`);
    if (list.length === 0) throw new AfcError('--matrix is empty: give platforms, e.g. --matrix k3d,http');
    const combos = platformCombinations(list);
    const out = cli.out ?? join('dist', folder('matrix'));
    checkOutputTarget(out, outOpts);
    const files = new Map<string, string>();
    stage = `nothing was written; ${out} is unchanged`;
    for (const combo of combos) {
      for (const [rel, text] of filesFor(cli.format, { ...base, platforms: combo })) files.set(join(comboName(combo), rel), text);
      // Let a SIGINT in: it ends the run here, before anything is written.
      await nextTurn();
    }
    writeDirAtomic(out, files, outOpts);
    stage = `${out} was written completely`;
    process.stdout.write(`wrote ${combos.length} combinations to ${out}\n`);
    return;
  }
  if (cli.stdout) {
    if (cli.format !== 'plain') throw new AfcError('--stdout writes plain manifests only: use --out DIR with --format helm');
    process.stdout.write(synthPlainYaml(base));
    return;
  }
  const out = cli.out ?? join('dist', folder(cli.format === 'helm' ? `${comboName(platforms)}-helm` : comboName(platforms)));
  checkOutputTarget(out, outOpts);
  const files = filesFor(cli.format, base);
  writeDirAtomic(out, files, outOpts);
  stage = `${out} was written completely`;
  process.stdout.write(`wrote ${out} (${cli.format === 'helm' ? 'Helm chart' : plainFile})\n`);
}
