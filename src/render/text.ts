/** Answers as plain text for the console: the answer, the excerpt, and the citation under it. */
import type { Answer, Result } from '../answer/types.js';
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
  if (command === 'quote') {
    const who = typeof r.speaker === 'string' ? r.speaker : 'unattributed';
    const role = typeof r.speakerRole === 'string' ? `, ${r.speakerRole}` : '';
    return `${who}${role}: “${r.answer}”`;
  }
  return undefined;
}

export function renderText(a: Answer): string {
  const out: string[] = [];
  if (a.error) return `❌ ${a.error}`;
  if (a.heading) out.push(a.heading);
  if (a.lines) out.push(...a.lines);
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
