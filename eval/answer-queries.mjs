/**
 * A fixed list of console queries drawn from a corpus, to check that a change leaves answers alone:
 *
 *   node eval/answer-queries.mjs DIR [N] > q.txt
 *   npm run -s ask -- --json --data DIR < q.txt > before.jsonl   (then again on the other commit, and diff)
 *
 * Every 1 in k files (sorted, so the list is the same on every machine): capitalised runs of two or
 * three words become /who and /quote queries, a rarer lower-case word pair /search, /when and /timeline.
 */
import fs from 'node:fs';
import path from 'node:path';

const [dir, nArg] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: node eval/answer-queries.mjs DIR [N]\n');
  process.exit(2);
}
const want = Number(nArg ?? 300);
const files = [];
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.(md|txt|html?)$/i.test(e.name)) files.push(p);
  }
})(dir);
const perFile = 5;
const step = Math.max(1, Math.floor(files.length / Math.ceil(want / perFile)));
const out = [];
for (let i = 0; i < files.length && out.length < want; i += step) {
  const text = fs
    .readFileSync(files[i], 'utf8')
    .replace(/^---[\s\S]*?\n---\n/, '')
    .slice(0, 4000);
  const names = text.match(/\b[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}\b/g) ?? [];
  const words = (text.toLowerCase().match(/\b[a-z]{7,}\b/g) ?? []).slice(0, 40);
  if (names[1]) out.push(`/who ${names[1]}`);
  if (names[3]) out.push(`/quote ${names[3]}`);
  if (words[2] && words[9]) out.push(`/search ${words[2]} ${words[9]}`);
  if (words[5]) out.push(`/when ${words[5]}`);
  if (words[12]) out.push(`/timeline ${words[12]}`);
}
process.stdout.write(out.join('\n') + '\n');
