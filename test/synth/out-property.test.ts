/**
 * Property: for a random --out target among absent, empty, an afc output, a foreign folder, a file,
 * ".", "..", folders above the current one, folders of a git repository, a -f file's folder, a symbolic
 * link, a device and /proc, with or without --force, writeDirAtomic either writes the complete output
 * or refuses with an AfcError, and no byte that existed before and that afc did not write is lost.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { AfcError } from '../../src/errors.js';
import { OUTPUT_MARKER, writeDirAtomic } from '../../src/synth/atomic.js';

const root = mkdtempSync(join(tmpdir(), 'afc-outprop-'));
const startCwd = process.cwd();
afterAll(() => {
  process.chdir(startCwd);
  rmSync(root, { recursive: true, force: true });
});

/** Every file and symbolic link under `dir` → its content (or link target). */
function snapshot(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) snapshot(p, out);
    else if (e.isSymbolicLink()) out.set(p, `-> ${lstatSync(p).size}`);
    else out.set(p, readFileSync(p, 'latin1'));
  }
  return out;
}

const KINDS = ['absent', 'empty', 'afc', 'foreign', 'file', 'dot', 'dotdot', 'ancestor', 'cwd', 'repo-src', 'repo-root', 'repo-parent', 'input', 'symlink', 'device', 'proc'] as const;
type Kind = (typeof KINDS)[number];
const MAY_WRITE = (kind: Kind, force: boolean): boolean => kind === 'absent' || kind === 'empty' || kind === 'afc' || (kind === 'foreign' && force);

let run = 0;
const git = (repo: string, ...args: string[]): void => void execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { stdio: 'ignore' });
// One git repository for every run (a target there must always be refused, so it never changes).
const repoParent = join(root, 'repos');
const repo = join(repoParent, 'repo');
mkdirSync(join(repo, 'src'), { recursive: true });
writeFileSync(join(repo, 'src', 'a.ts'), 'export {};\n');
writeFileSync(join(repo, 'README.md'), 'readme\n');
git(repo, 'init', '-q');
git(repo, 'add', '.');
git(repo, 'commit', '-qm', 'x');

describe('--out, for random targets', () => {
  it('writes a complete output or refuses, and loses no foreign byte', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.boolean(),
        fc.dictionary(fc.stringMatching(/^[a-z]{1,8}(\.[a-z]{1,3})?$/), fc.string({ maxLength: 40 }), { minKeys: 1, maxKeys: 4 }),
        fc.dictionary(fc.stringMatching(/^[a-z]{1,8}\.yaml$/), fc.string({ maxLength: 40 }), { minKeys: 1, maxKeys: 3 }),
        (kind, force, foreignFiles, outputFiles) => {
          process.chdir(startCwd);
          const s = join(root, `s${++run}`);
          const cwd = join(s, 'proj', 'work');
          mkdirSync(cwd, { recursive: true });
          mkdirSync(join(s, 'empty'));
          mkdirSync(join(s, 'foreign'));
          mkdirSync(join(s, 'vals'));
          for (const [f, c] of Object.entries(foreignFiles)) {
            writeFileSync(join(s, 'foreign', f), c);
            writeFileSync(join(cwd, f), c);
          }
          writeFileSync(join(s, 'file.txt'), 'a file\n');
          writeFileSync(join(s, 'vals', 'v.yaml'), 'a: 1\n');
          writeDirAtomic(join(s, 'afc'), new Map([['old.yaml', 'old\n']]));
          symlinkSync(join(s, 'foreign'), join(s, 'link'));
          process.chdir(cwd);
          const target = {
            absent: join(s, 'new', 'out'),
            empty: join(s, 'empty'),
            afc: join(s, 'afc'),
            foreign: join(s, 'foreign'),
            file: join(s, 'file.txt'),
            dot: '.',
            dotdot: '..',
            ancestor: s,
            cwd,
            'repo-src': join(repo, 'src'),
            'repo-root': repo,
            'repo-parent': repoParent,
            input: join(s, 'vals'),
            symlink: join(s, 'link'),
            device: '/dev/null',
            proc: '/proc/self/afc-out',
          }[kind];
          const before = snapshot(s);
          const repoBefore = snapshot(repoParent);
          const files = new Map(Object.entries(outputFiles));
          let refused = false;
          try {
            writeDirAtomic(target, files, { force, inputs: [join(s, 'vals', 'v.yaml')] });
          } catch (e) {
            expect(e).toBeInstanceOf(AfcError);
            refused = true;
          }
          const after = snapshot(s);
          expect(snapshot(repoParent)).toEqual(repoBefore);
          if (refused) {
            expect(after).toEqual(before);
            return;
          }
          expect(MAY_WRITE(kind, force)).toBe(true);
          const dest = resolve(target);
          expect(readdirSync(dest).sort()).toEqual([OUTPUT_MARKER, ...files.keys()].sort());
          for (const [f, c] of files) expect(readFileSync(join(dest, f), 'utf8')).toBe(c);
          // Everything outside the target is as it was; inside, only afc's own or (with --force) a foreign folder was replaced.
          for (const [p, c] of before) if (!p.startsWith(dest + sep)) expect(after.get(p)).toBe(c);
          expect([...after.keys()].filter((p) => /\.(tmp|old)-/.test(p))).toEqual([]);
        },
      ),
      { numRuns: 50 },
    );
  });
});
