/** Answers as plain text for the console: the answer, the excerpt, and the citation under it. */
import type { Answer, Result } from '../answer/types.js';
import type { DocumentSummary } from '../answer/document.js';
import type { Citation } from '../types.js';

export function citationLine(c: Citation): string {
  const parts = [`“${c.title}”`];
  if (c.source) parts.push(c.source);
  if (c.published) parts.push(c.published);
  parts.push(`¶${c.paragraph}`);
  return parts.join(' · ') + (c.url ? ` <${c.url}>` : '');
}

/** The line that heads a result: what the command found, beyond the excerpt. */
export function resultHeadline(command: string, r: Result): string | undefined {
  if (command === 'who' && typeof r.name === 'string') return `${r.name} — ${r.answer}`;
  if ((command === 'when' || command === 'timeline') && typeof r.dateText === 'string') {
    const date = typeof r.date === 'string' ? ` → ${r.date}` : ' → unresolved';
    return `${r.dateText}${date}${typeof r.precision === 'string' ? ` (${r.precision})` : ''}`;
  }
  // A digest document a feed brought names the feed (issue #18).
  if (command === 'digest' && r.section === 'document' && typeof r.feed === 'string') return `From the feed ${r.feed}`;
  if (command === 'quote') {
    const who = typeof r.speaker === 'string' ? r.speaker : 'unattributed';
    const role = typeof r.speakerRole === 'string' ? `, ${r.speakerRole}` : '';
    return `${who}${role}: “${r.answer}”`;
  }
  return undefined;
}

function clip(s: string, n: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

/** What was understood of a document, as lines (the console prints them; Discord puts them in an embed). */
export function documentLines(d: DocumentSummary): string[] {
  const facts = [
    d.source ?? 'outlet unknown',
    d.published ? `${d.published}${d.publishedFrom ? ` (from the ${d.publishedFrom})` : ''}` : 'date unknown',
  ];
  facts.push(
    `${d.paragraphs} paragraph${d.paragraphs === 1 ? '' : 's'}${d.pages ? ` on ${d.pages} page${d.pages === 1 ? '' : 's'}` : ''}`,
    d.format,
  );
  const more = (count: number, shown: number) => (count > shown ? ', …' : '');
  const lines = [facts.join(' · ')];
  if (d.url) lines.push(`Link: ${d.url}`);
  lines.push(
    d.people.count
      ? `People (${d.people.count}): ${d.people.first.map((p) => clip(p, 60)).join(', ')}${more(d.people.count, d.people.first.length)}`
      : 'People: none found',
  );
  lines.push(
    d.dates.count
      ? `Dates (${d.dates.count}): ${d.dates.first.map((x) => `${clip(x.text, 40)} → ${x.date ?? 'unresolved'}`).join('; ')}${more(d.dates.count, d.dates.first.length)}`
      : 'Dates: none found',
  );
  lines.push(
    d.quotes.count
      ? `Quotations (${d.quotes.count}): ${d.quotes.first.map((q) => `“${clip(q.text, 80)}” — ${q.speaker ? clip(q.speaker, 60) : 'unattributed'}`).join('; ')}${more(d.quotes.count, d.quotes.first.length)}`
      : 'Quotations: none found',
  );
  lines.push(`Saved as ${d.file}`);
  return lines;
}

export function renderText(a: Answer): string {
  const out: string[] = [];
  if (a.error) return `❌ ${a.error}`;
  if (a.heading) out.push(a.heading);
  if (a.lines) out.push(...a.lines);
  if (a.document) out.push(...documentLines(a.document));
  if (a.message) out.push(a.message);
  (a.results ?? []).forEach((r, i) => {
    const head = resultHeadline(a.command, r);
    out.push(`${i + 1}. ${head ?? r.answer}`);
    if (r.excerpt !== r.answer || head) out.push(`   > ${r.excerpt.replace(/\s*\n\s*/g, ' ')}`);
    out.push(`   — ${citationLine(r.citation)}`);
  });
  if (a.suggestions?.length) out.push(`Did you mean: ${a.suggestions.join(', ')}?`);
  return out.join('\n');
}
