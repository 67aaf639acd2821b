/** The work behind `afc synth`. */
import { join } from 'node:path';
import { AfcError } from '../errors.js';
import { platformName } from '../model/index.js';
import type { SynthCliOptions } from '../cli/synth.js';
import { writeDirAtomic } from './atomic.js';
import { helmChartFiles } from './helm/index.js';
import { PLAIN_FILE, synthInstances, synthPlainYaml, type SynthOptions } from './plain.js';
import { toYamlStream } from './yaml.js';

/** `k3d,http` and repeated flags → canonical platform names, in order. */
export function parsePlatformList(lists: readonly string[]): string[] {
  return lists
    .flatMap((l) => l.split(','))
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map(platformName);
}

/** The default folder name of a platform list. */
export const comboName = (platforms: readonly string[]): string => (platforms.length > 0 ? platforms.join('+') : 'base');

/** Every subset of `platforms`, keeping their order (2^n combinations, the empty one first). */
export function platformCombinations(platforms: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let mask = 0; mask < 1 << platforms.length; mask++) out.push(platforms.filter((_, i) => mask & (1 << i)));
  return out;
}

function filesFor(format: 'plain' | 'helm', opts: SynthOptions): Map<string, string> {
  if (format === 'helm') return helmChartFiles(opts);
  return new Map([[PLAIN_FILE, synthPlainYaml(opts)]]);
}

export async function runSynth(cli: SynthCliOptions): Promise<void> {
  const platforms = parsePlatformList(cli.platform ?? []);
  const base: SynthOptions = { platforms, valuesFiles: cli.values ?? [], sets: cli.set ?? [], release: cli.release, namespace: cli.namespace };
  if (cli.format === 'helm' && cli.namespace !== undefined) {
    throw new AfcError('--namespace applies to plain manifests: install the chart with helm install --namespace');
  }
  if (cli.instances !== undefined) {
    if (cli.format !== 'plain' || cli.matrix !== undefined || cli.namespace !== undefined) {
      throw new AfcError('--instances writes plain manifests of one platform list, each release in its own namespace: drop --format helm, --matrix and --namespace');
    }
    const yaml = toYamlStream(synthInstances(base, cli.instances));
    if (cli.stdout) {
      process.stdout.write(yaml);
      return;
    }
    const out = cli.out ?? join('dist', `${comboName(platforms)}-x${cli.instances}`);
    writeDirAtomic(out, new Map([[PLAIN_FILE, yaml]]));
    process.stdout.write(`wrote ${out} (${PLAIN_FILE}, ${cli.instances} instances)\n`);
    return;
  }
  if (cli.matrix !== undefined) {
    if (cli.stdout) throw new AfcError('--matrix writes one folder per combination: use --out DIR, not --stdout');
    if (platforms.length > 0) throw new AfcError('--matrix takes the platforms itself: drop --platform');
    const combos = platformCombinations(parsePlatformList([cli.matrix]));
    const files = new Map<string, string>();
    for (const combo of combos) {
      for (const [rel, text] of filesFor(cli.format, { ...base, platforms: combo })) files.set(join(comboName(combo), rel), text);
    }
    const out = cli.out ?? join('dist', 'matrix');
    writeDirAtomic(out, files);
    process.stdout.write(`wrote ${combos.length} combinations to ${out}\n`);
    return;
  }
  if (cli.stdout) {
    if (cli.format !== 'plain') throw new AfcError('--stdout writes plain manifests only: use --out DIR with --format helm');
    process.stdout.write(synthPlainYaml(base));
    return;
  }
  const out = cli.out ?? join('dist', cli.format === 'helm' ? `${comboName(platforms)}-helm` : comboName(platforms));
  const files = filesFor(cli.format, base);
  writeDirAtomic(out, files);
  process.stdout.write(`wrote ${out} (${cli.format === 'helm' ? 'Helm chart' : PLAIN_FILE})\n`);
}
