/**
 * The precision sample of issue #16: a seeded random sample of the people an export gives, to
 * judge by hand ("a person, with the name whole?").
 *
 *   npm run -s export -- --data ../shared/corpus/bbc --kind people > /tmp/bbc-people.jsonl
 *   node eval/people-precision.mjs /tmp/bbc-people.jsonl [--n 100] [--seed 16] > sample.md
 *
 * One row per distinct person of a document (kind person), drawn without replacement by a
 * mulberry32 generator with the given seed, so the same export and seed give the same sample.
 * The row shows the name and the sentence the export cites for it.
 */
import { readFileSync } from 'node:fs';
import process from 'node:process';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!file) {
  process.stderr.write('usage: node eval/people-precision.mjs EXPORT.jsonl [--n 100] [--seed 16]\n');
  process.exit(2);
}
const n = Number(opt('n', '100'));
const seed = Number(opt('seed', '16'));

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const people = new Map();
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line) continue;
  const row = JSON.parse(line);
  if (row.fact !== 'people' || row.kind !== 'person') continue;
  const key = `${row.citation.docId}\u0000${row.name}`;
  if (!people.has(key)) people.set(key, row);
}
const all = [...people.values()].sort((a, b) => (a.citation.docId + a.name < b.citation.docId + b.name ? -1 : 1));
const rand = mulberry32(seed);
// A partial Fisher–Yates shuffle: the first n are the sample.
for (let i = 0; i < Math.min(n, all.length); i++) {
  const j = i + Math.floor(rand() * (all.length - i));
  [all[i], all[j]] = [all[j], all[i]];
}
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 220);
process.stdout.write(`${all.length} people (distinct per document) in ${file}; sample of ${Math.min(n, all.length)}, seed ${seed}\n\n`);
process.stdout.write('| # | name | document | sentence cited | judgement |\n|---|---|---|---|---|\n');
all.slice(0, n).forEach((r, i) => {
  process.stdout.write(`| ${i + 1} | ${cell(r.name)} | ${cell(r.citation.docId)} | ${cell(r.excerpt)} |  |\n`);
});
