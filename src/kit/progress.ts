/**
 * Progress lines on stderr: one short line per step, the elapsed time after the long ones (creating a
 * cluster, building images, installing with --wait). Results go to stdout, never here.
 */
import type { Host } from './host.js';

export class Progress {
  constructor(
    private readonly host: Host,
    private readonly dryRun = false,
  ) {}

  /** `afc: <text>` */
  step(text: string): void {
    this.host.stderr.write(`afc: ${text}\n`);
  }

  warn(text: string): void {
    this.host.stderr.write(`afc: warning: ${text}\n`);
  }

  /** Announces a long step, runs it, then reports how long it took (not in --dry-run: nothing ran). */
  async long<T>(text: string, body: () => Promise<T>): Promise<T> {
    this.step(`${text}...`);
    const start = this.host.now();
    const result = await body();
    if (!this.dryRun) this.step(`${text}: done in ${formatElapsed(this.host.now() - start)}`);
    return result;
  }
}

/** `0.4s`, `12.3s`, `2m05s`. */
export function formatElapsed(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
}
