#!/usr/bin/env node
/**
 * A/B timing of commands, the way bench/NOTES.md measured each idea: fresh processes, alternating (one
 * run of each per round, order rotated), stdout to /dev/null; prints median, p90 and min wall ms.
 *
 *   node bench/ab.mjs [-n ROUNDS] [-c] "label=cmd arg arg" "label2=cmd arg" ...
 *
 * A command is split on whitespace (no quoting); `node -e 0` is added as the floor. With -c the
 * statistics are of CPU time (user + sys, from GNU time), which a busy machine disturbs less than wall.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
let rounds = 20;
let cpu = false;
for (;;) {
  if (args[0] === '-n') {
    rounds = Number(args[1]);
    args.splice(0, 2);
  } else if (args[0] === '-c') {
    cpu = true;
    args.shift();
  } else break;
}
const timeFile = join(tmpdir(), `ab-${process.pid}.time`);
const preload = join(tmpdir(), `ab-${process.pid}.cjs`);
writeFileSync(preload, "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeFileSync(process.env.AB_TIME_FILE, String((u.user + u.system) / 1000)); });\n");
process.on('exit', () => {
  rmSync(timeFile, { force: true });
  rmSync(preload, { force: true });
});
const commands = [{ label: 'floor', argv: ['node', '-e', '0'] }, ...args.map((a) => {
  const eq = a.indexOf('=');
  const [label, cmd] = eq > 0 && !a.slice(0, eq).includes(' ') ? [a.slice(0, eq), a.slice(eq + 1)] : [a, a];
  return { label, argv: cmd.trim().split(/\s+/) };
})].map((c) => ({ ...c, samples: [] }));

const run = (argv) =>
  new Promise((resolve, reject) => {
    const [file, ...rest] = argv;
    const env = cpu ? { ...process.env, NODE_OPTIONS: `--require ${preload}`, AB_TIME_FILE: timeFile } : process.env;
    const t = process.hrtime.bigint();
    const child = spawn(file, rest, { stdio: ['ignore', 'ignore', 'inherit'], env });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${argv.join(' ')}: exit ${code}`));
      if (!cpu) return resolve(Number(process.hrtime.bigint() - t) / 1e6);
      resolve(Number(readFileSync(timeFile, 'utf8')));
    });
  });

for (const c of commands) await run(c.argv);
for (let r = 0; r < rounds; r++) {
  for (let k = 0; k < commands.length; k++) {
    const c = commands[(k + r) % commands.length];
    c.samples.push(await run(c.argv));
  }
}
const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)];
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const floor = med(commands[0].samples);
for (const c of commands) {
  const m = med(c.samples);
  console.log(`${c.label.padEnd(28)} median ${m.toFixed(1).padStart(7)}  p90 ${q(c.samples, 0.9).toFixed(1).padStart(7)}  min ${Math.min(...c.samples).toFixed(1).padStart(7)}  above floor ${(m - floor).toFixed(1).padStart(7)} ms${cpu ? ' (cpu)' : ''}`);
}
