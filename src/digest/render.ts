/**
 * A digest as console text and as an Answer (for `/digest preview`, the JSON contract and any
 * front end). As Discord channel messages it is built by the one Discord renderer
 * (render/discord.ts, `digestMessages`), which owns Discord's limits.
 */
import type { Answer, Result } from '../answer/types.js';
import { citationLine } from '../render/text.js';
import type { Digest } from './compose.js';
import { describeInstant } from './schedule.js';

function when(iso: string, tz: string): string {
  return describeInstant(Date.parse(iso), tz);
}

/** Our own words (counts, validated zone names, dates): nothing from a document, so not escaped. */
export function digestHeading(d: Digest, tz = 'UTC'): string {
  if (d.total === 0) return `Nothing new in the corpus since ${when(d.from, tz)}.`;
  const n = d.total === 1 ? '1 new document' : `${d.total} new documents`;
  return `Daily digest: ${n} since ${when(d.from, tz)}`;
}

// ── console text ───────────────────────────────────────────────────────────────

export function renderDigestText(d: Digest, tz = 'UTC'): string {
  const out = [digestHeading(d, tz)];
  if (d.total === 0) return out[0];
  out.push('', 'Documents');
  d.documents.forEach((doc, i) => {
    out.push(`${i + 1}. ${citationLine(doc.citation)}${doc.feed ? ` — from the feed ${doc.feed}` : ''}`);
    if (doc.lead) out.push(`   > ${oneLine(doc.lead)}`);
  });
  if (d.total > d.documents.length) out.push(`   … and ${d.total - d.documents.length} more`);
  if (d.people.length) {
    out.push('', 'New people');
    for (const p of d.people) {
      out.push(`• ${p.name}${p.role ? ` — ${p.role}` : ''}`, `   > ${oneLine(p.excerpt)}`, `   — ${citationLine(p.citation)}`);
    }
  }
  if (d.events.length) {
    out.push('', 'Timeline');
    for (const e of d.events) out.push(`• ${e.date} (${e.dateText}): ${oneLine(e.excerpt)}`, `   — ${citationLine(e.citation)}`);
  }
  if (d.quote) {
    const q = d.quote;
    out.push(
      '',
      'Quote',
      `“${oneLine(q.text)}” — ${q.speaker}${q.speakerRole ? `, ${q.speakerRole}` : ''}`,
      `   — ${citationLine(q.citation)}`,
    );
  }
  return out.join('\n');
}

/** Text on one line: a digest item shows a sentence, never its line breaks. */
export function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}

// ── as an Answer ────────────────────────────────────────────────────────────────

/** Every item of the digest as a cited result; `section` says which part it belongs to. */
export function digestAnswer(d: Digest, query: string, tz = 'UTC'): Answer {
  const results: Result[] = [];
  for (const doc of d.documents) {
    results.push({
      section: 'document',
      answer: doc.title,
      excerpt: doc.lead,
      citation: doc.citation,
      ...(doc.feed ? { feed: doc.feed } : {}),
    });
  }
  for (const p of d.people) {
    results.push({
      section: 'person',
      answer: p.role ? `${p.name} — ${p.role}` : p.name,
      excerpt: p.excerpt,
      citation: p.citation,
      name: p.name,
      ...(p.role ? { role: p.role } : {}),
    });
  }
  for (const e of d.events) {
    results.push({
      section: 'event',
      answer: `${e.date} (${e.dateText})`,
      excerpt: e.excerpt,
      citation: e.citation,
      dateText: e.dateText,
      date: e.date,
      precision: e.precision,
    });
  }
  if (d.quote) {
    const q = d.quote;
    results.push({
      section: 'quote',
      answer: q.text,
      excerpt: q.excerpt,
      citation: q.citation,
      speaker: q.speaker,
      ...(q.speakerRole ? { speakerRole: q.speakerRole } : {}),
    });
  }
  const a: Answer = { command: 'digest', query, heading: digestHeading(d, tz), results, total: d.total };
  if (d.total > d.documents.length) a.message = `Showing ${d.documents.length} of ${d.total} new documents.`;
  return a;
}
