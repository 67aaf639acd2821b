/**
 * `afc synth` refuses inputs it used to take silently or hang on: a FIFO with no writer, a terminal as
 * a values file, an empty platform list or name, --force without --out, an image tag that is not one.
 * Real processes (bin/afc), each under a time limit: a hang fails the test instead of stalling it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AFC_BIN } from '../support/cli.js';
import { tempFolder } from '../support/files.js';

const work = tempFolder('afc-synth-inputs-');

/** bin/afc ARGS, killed after `ms` (status -1 then). */
const run = (args: readonly string[], ms = 20_000) => {
  const r = spawnSync(AFC_BIN, [...args], { encoding: 'utf8', timeout: ms, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};
const refused = (args: readonly string[], line: string | RegExp): void => {
  const r = run(['synth', ...args]);
  expect(r.stdout).toBe('');
  if (typeof line === 'string') expect(r.stderr).toBe(`afc: error: ${line}\n`);
  else expect(r.stderr).toMatch(line);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.status).toBe(1);
};

describe('afc synth -f of a pipe or terminal', () => {
  it('refuses a FIFO with no writer at once instead of hanging', () => {
    const fifo = join(work, 'values.fifo');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    refused(['--stdout', '-f', fifo], `values file "${fifo}" is a FIFO (named pipe) with no writer: start the writer first, or give a regular file`);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reads /dev/stdin when it is a pipe', () => {
    // (a shell pipe: spawnSync's own input is a socket, which cannot be opened by path)
    const script = `printf 'components:\\n  worker:\\n    imageTag: piped\\n' | "$1" synth --stdout -f /dev/stdin`;
    const r = spawnSync('sh', ['-c', script, 'sh', AFC_BIN], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('afc-worker:piped');
    expect(r.status).toBe(0);
  });

  it('refuses /dev/stdin on a terminal (a pseudo-terminal made by script(1))', () => {
    // script gives afc a terminal as stdin; its own stdin is /dev/null, so nobody types.
    const r = spawnSync('script', ['-qec', `${AFC_BIN} synth --stdout -f /dev/stdin`, '/dev/null'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r.stdout.replace(/\r/g, '')).toMatch(/^afc: error: values file "\/dev\/stdin" is a terminal: give a YAML file, or pipe one in/m);
    expect(r.status).toBe(1);
  });
});

describe('afc synth platform lists and --force', () => {
  it('refuses an empty -p and an empty name in a list', () => {
    refused(['--stdout', '-p', ''], '--platform is empty (an unset variable?): give platform names separated by single commas, e.g. --platform k3d,http, or leave --platform out for the base platform');
    refused(['--stdout', '-p', ',,'], '--platform ",," holds an empty platform name: give platform names separated by single commas, e.g. --platform k3d,http, or leave --platform out for the base platform');
    refused(['--matrix', 'k3d,,http', '--out', join(work, 'm')], /^afc: error: --matrix "k3d,,http" holds an empty platform name: /);
  });

  it('keeps --matrix "" as before', () => {
    refused(['--matrix', '', '--out', join(work, 'm')], /^afc: error: --matrix is empty: give platforms/);
  });

  it('refuses --force without --out', () => {
    const line = '--force lets --out replace a folder that afc did not write, and no --out was given: name the folder with --out DIR, or drop --force';
    refused(['--force'], line);
    refused(['--force', '--stdout'], line);
  });

  it('lists every platform in its help, hardened too', () => {
    const r = run(['synth', '--help']);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('k3d, gcp, http, no_secrets (or no-secrets), minikube, hardened');
  });
});

describe('afc synth image references', () => {
  // (the newline and $(id) cases, and the other parts of a reference: test/model/image-ref.test.ts)
  it('refuses --set components.worker.imageTag="a b" in one line naming the key', () => {
    refused(['--stdout', '--set', 'components.worker.imageTag=a b'], 'components.worker.imageTag: "a b" is not a valid image tag: use up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"');
  });
});
