/**
 * The recording stand-in for k3d, kubectl, helm, docker, netstat and ss (test/standins/standin/main.go:
 * what it records and answers). It is a Go program, built by scripts/build-standin.sh into a gitignored
 * cache (rebuilt only when its sources or the Go version change), because a Node stand-in costs ~100 ms
 * of CPU per call and a cluster create makes ~25 calls.
 */
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
let built: string | undefined;

/** The path of the stand-in binary, built first if it is missing or out of date. */
export function standinBinary(): string {
  if (built === undefined) {
    try {
      built = execFileSync('bash', [join(ROOT, 'scripts/build-standin.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 }).trim();
    } catch (e) {
      const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim();
      throw new Error(stderr || `scripts/build-standin.sh failed: ${(e as Error).message}`);
    }
  }
  return built;
}

/** Puts the stand-in into `bin` under each tool's name (it plays the tool its argv[0] names). */
export function installStandins(bin: string, tools: readonly string[]): void {
  const binary = standinBinary();
  for (const tool of tools) symlinkSync(binary, join(bin, tool));
}
