/** The options of each afc command as its `--help` lists them (commander's help text, parsed). */
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/index.js';

/** One option line of a help text: its flags (`-p`, `--platform`) and its description. */
export interface HelpOption {
  readonly flags: readonly string[];
  readonly term: string;
  readonly description: string;
}

/** The options listed under "Options:" in a commander help text, `-h, --help` left out. */
export function parseHelpOptions(help: string): HelpOption[] {
  const lines = help.split('\n');
  const start = lines.indexOf('Options:');
  if (start < 0) return [];
  const options: HelpOption[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || !line.startsWith(' ')) break;
    const m = /^ {2}(-\S.*?)(?: {2,}(.*))?$/.exec(line);
    if (m) {
      const term = m[1]!.trim();
      options.push({ term, flags: term.split(/[ ,]+/).filter((w) => /^--?[A-Za-z0-9]/.test(w)), description: m[2] ?? '' });
    } else if (options.length > 0) {
      const last = options.pop()!;
      options.push({ ...last, description: `${last.description} ${line.trim()}`.trim() });
    }
  }
  return options.filter((o) => !o.flags.includes('--help'));
}

/** Every command of `afc` with options or subcommands: its path (`cluster create`) → the options of its help. */
export function commandOptions(): Map<string, HelpOption[]> {
  const out = new Map<string, HelpOption[]>();
  const visit = (c: Command, path: string[]): void => {
    for (const sub of c.commands) {
      const p = [...path, sub.name()];
      if (sub.commands.length > 0) visit(sub, p);
      else out.set(p.join(' '), parseHelpOptions(sub.helpInformation()));
    }
  };
  visit(buildProgram(), []);
  return out;
}
