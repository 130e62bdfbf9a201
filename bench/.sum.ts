import { readFileSync } from 'node:fs';
import { summariseMainThread } from '/work/main/bench/lib/cpu-profile-summary.ts';

const [dir, server, phase] = process.argv.slice(2);
const phases = JSON.parse(readFileSync(`${dir}/phases.json`, 'utf8'));
const p = phases.find((x: any) => x.server === server && x.phase.includes(phase));
console.log(p);
const { origins, functions } = summariseMainThread(
  `${dir}/parley-sqlite`.replace('parley-sqlite', process.argv[5] ?? 'parley-sqlite'),
  p.startUs,
  p.endUs,
  30,
);
for (const o of origins) console.log((o.share * 100).toFixed(1).padStart(5), o.name);
console.log('---');
for (const f of functions) console.log((f.share * 100).toFixed(1).padStart(5), f.name);
