// Each command page (docs/cli/COMMAND.md) lists exactly the options of `afc COMMAND --help`, for a
// command with subcommands each one's under its heading (`## \`afc cluster create ...\``): the flags of
// the first column of its tables headed "Option", against commander's help text, parsed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandOptions, parseHelpOptions } from '../support/help-options.js';
import { commandSection, tableFlags } from '../support/markdown.js';

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();
const commands = commandOptions();

describe('the command pages of docs/cli/', () => {
  it('are one per top-level command of afc --help, and nothing else (with README.md, the index)', () => {
    const tops = sorted([...commands.keys()].map((path) => path.split(' ')[0]!));
    expect(tops).toEqual(expect.arrayContaining(['apply', 'cluster', 'diff', 'graph', 'images', 'install', 'migrate', 'ratdb', 'synth']));
    expect(sorted(readdirSync('docs/cli').filter((f) => f.endsWith('.md')))).toEqual(sorted(['README.md', ...tops.map((t) => `${t}.md`)]));
  });

  for (const [path, options] of commands) {
    const [top, ...sub] = path.split(' ');
    const page = `docs/cli/${top}.md`;
    it(`${page} lists exactly the options of afc ${path} --help`, () => {
      expect(existsSync(page)).toBe(true);
      const text = readFileSync(page, 'utf8');
      const section = sub.length > 0 ? commandSection(text, path) : text;
      expect(section, `${page} has no heading starting with \`afc ${path}`).toBeDefined();
      expect(sorted(tableFlags(section!))).toEqual(sorted(options.flatMap((o) => o.flags)));
    });
  }
});

describe('the help and table parsers', () => {
  it("read commander's option lines, continuation lines included, without -h, --help", () => {
    const help = [
      'Usage: afc x [options]',
      '',
      'Options:',
      '  -p, --platform <list>  platform overlays in order,',
      '                         comma-separated; repeatable',
      '  --dry-run              print the plan',
      '  -h, --help             display help for command',
      '',
      'Examples:',
      '  --not-an-option',
    ].join('\n');
    expect(parseHelpOptions(help)).toEqual([
      { term: '-p, --platform <list>', flags: ['-p', '--platform'], description: 'platform overlays in order, comma-separated; repeatable' },
      { term: '--dry-run', flags: ['--dry-run'], description: 'print the plan' },
    ]);
  });

  it('find a missing or an extra option in a page (the test can fail)', () => {
    const page = '# `afc x`\n\n| Option | Meaning |\n| --- | --- |\n| `-p, --platform LIST` | overlays |\n| `--format plain\\|helm` | format |\n\n```\n| `--in-code` | no |\n```\n';
    expect(tableFlags(page)).toEqual(['-p', '--platform', '--format']);
    expect(sorted(tableFlags(page))).not.toEqual(sorted(['-p', '--platform', '--dry-run']));
    const sub = '# `afc c`\n\n## `afc c make [options] NAME`\n\n| Option | Meaning |\n| --- | --- |\n| `--a` | a |\n\n## `afc c drop NAME`\n\n| Option | Meaning |\n| --- | --- |\n| `--b` | b |\n';
    expect(tableFlags(commandSection(sub, 'c make')!)).toEqual(['--a']);
    expect(tableFlags(commandSection(sub, 'c drop')!)).toEqual(['--b']);
    expect(commandSection(sub, 'c gone')).toBeUndefined();
  });
});
