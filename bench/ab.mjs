#!/usr/bin/env node
/**
 * A/B timing of commands, the way bench/NOTES.md measured each idea: fresh processes, alternating (one
 * run of each per round, order rotated), stdout to /dev/null; prints median, p90 and min wall ms.
 *
 *   node bench/ab.mjs [-n ROUNDS] "label=cmd arg arg" "label2=cmd arg" ...
 *
 * A command is split on whitespace (no quoting); `node -e 0` is added as the floor.
 */
import { spawn } from 'node:child_process';

const args = process.argv.slice(2);
let rounds = 20;
if (args[0] === '-n') {
  rounds = Number(args[1]);
  args.splice(0, 2);
}
const commands = [{ label: 'floor', argv: ['node', '-e', '0'] }, ...args.map((a) => {
  const eq = a.indexOf('=');
  const [label, cmd] = eq > 0 && !a.slice(0, eq).includes(' ') ? [a.slice(0, eq), a.slice(eq + 1)] : [a, a];
  return { label, argv: cmd.trim().split(/\s+/) };
})].map((c) => ({ ...c, samples: [] }));

const run = ([file, ...rest]) =>
  new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const child = spawn(file, rest, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - t) / 1e6) : reject(new Error(`${file} ${rest.join(' ')}: exit ${code}`))));
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
  console.log(`${c.label.padEnd(28)} median ${m.toFixed(1).padStart(7)}  p90 ${q(c.samples, 0.9).toFixed(1).padStart(7)}  min ${Math.min(...c.samples).toFixed(1).padStart(7)}  above floor ${(m - floor).toFixed(1).padStart(7)} ms`);
}
