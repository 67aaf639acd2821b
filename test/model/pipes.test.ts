/**
 * `-f FIFO` never hangs: values files that are named pipes, read with real FIFOs (mkfifo) and real
 * writer processes. A blocking open or read would hang the test (and ignore SIGINT), so every case runs
 * under vitest's timeout and checks its own elapsed time.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AfcError } from '../../src/errors.js';
import { readValuesFile, readValuesFileWith } from '../../src/model/index.js';
import { tempFolder } from '../support/files.js';

const work = tempFolder('afc-pipes-');
let n = 0;
const fifo = (): string => {
  const p = join(work, `values-${++n}.yaml`);
  execFileSync('mkfifo', [p]);
  return p;
};

const writers: ChildProcess[] = [];
/** A shell writing into `path`: it opens the FIFO (blocking until a reader opens it), then runs `script` with fd 3 on it. */
const writer = (path: string, script: string): ChildProcess => {
  const child = spawn('sh', ['-c', `exec 3>"$1"; ${script}`, 'sh', path], { stdio: 'ignore' });
  writers.push(child);
  return child;
};
afterEach(() => {
  for (const w of writers.splice(0)) if (w.exitCode === null) w.kill('SIGKILL');
});
/** Lets a started writer reach its blocking open of the FIFO. */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 300));

const error = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AfcError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('a values file that is a FIFO', () => {
  it('is refused at once when no writer has it open', () => {
    const p = fifo();
    const started = Date.now();
    expect(error(() => readValuesFile(p))).toBe(`values file "${p}" is a FIFO (named pipe) with no writer: start the writer first, or give a regular file`);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('is read when its writer is waiting for a reader', async () => {
    const p = fifo();
    writer(p, `printf 'components:\\n  worker:\\n    imageTag: v1\\n' >&3`);
    await settle();
    expect(readValuesFile(p)).toEqual({ components: { worker: { imageTag: 'v1' } } });
  });

  it('waits for a writer that writes late, in pieces', async () => {
    const p = fifo();
    writer(p, `sleep 0.5; printf 'a: 1\\n' >&3; sleep 0.3; printf 'b: 2\\n' >&3`);
    await settle();
    expect(readValuesFile(p)).toEqual({ a: 1, b: 2 });
  });

  it('gives up on a writer that holds the pipe open and sends nothing', async () => {
    const p = fifo();
    writer(p, 'sleep 20');
    await settle();
    const started = Date.now();
    expect(error(() => readValuesFileWith(p, { pipeWaitMs: 500 }))).toBe(`values file "${p}" is a pipe whose writer sent nothing for 0.5 s: check the writer, or give a regular file`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops an endless writer at the size limit', async () => {
    const p = fifo();
    writer(p, `yes 'a: 1' >&3`);
    await settle();
    expect(error(() => readValuesFile(p))).toMatch(/^values file ".*" is larger than the limit of 4 MiB/);
  });
});
