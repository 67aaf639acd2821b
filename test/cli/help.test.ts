import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/index.js';
import { afc } from '../support/cli.js';

const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];

describe('afc help texts', () => {
  const program = buildProgram();
  const commands = all(program);

  it('covers every command', () => {
    expect(commands.map((c) => c.name())).toEqual(expect.arrayContaining(['synth', 'install', 'create', 'ports']));
  });

  for (const c of commands) {
    it(`show each option's default at most once, and never an empty one: afc ${c.name()}`, () => {
      const help = c.createHelp();
      for (const option of c.options) {
        const text = help.optionDescription(option);
        expect(text).not.toMatch(/\(default: \[\]\)|default: false|default: undefined/);
        expect(text.match(/\(default:/g)?.length ?? 0, `${c.name()} ${option.flags}: ${text}`).toBeLessThanOrEqual(1);
        // a description that states its default gets no second one from commander
        if (/\bdefault\b/i.test(option.description)) expect(text.slice(option.description.length)).not.toMatch(/default/);
      }
    });
  }

  it('keeps a default the description does not state', () => {
    const synth = commands.find((c) => c.name() === 'synth')!;
    const release = synth.options.find((o) => o.long === '--release')!;
    expect(synth.createHelp().optionDescription(release)).toMatch(/\(default: "afc"\)$/);
  });
});

describe('afc --version', () => {
  it('prints the package version and exits 0', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const r = afc(['--version']);
    expect(r.stdout).toBe(`${version}\n`);
    expect(r.status).toBe(0);
  });
});
