/**
 * Feeds as lines of text: `/feed list`, `/feed add`, and `npm run feeds`. The lines are plain; each
 * front end renders them as it renders any answer's lines (Discord makes them inert: a feed's
 * title cannot ping anyone or format the message).
 */
import type { FeedRecord } from '../state/index.js';
import type { PollReport } from '../feeds/service.js';

function when(t: number): string {
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One feed: its name and address, then how its polls went. */
export function feedLines(f: FeedRecord, now: number): string[] {
  const name = f.title ? `${f.title} — ${f.url}` : f.url;
  const state: string[] = [plural(f.items, 'item')];
  state.push(f.lastSuccessAt ? `last read ${when(f.lastSuccessAt)}` : 'never read yet');
  const lines = [`• ${name}`, `   ${state.join(' · ')}`];
  if (f.lastError) {
    const retry = Math.max(f.notBefore, f.nextPollAt);
    lines.push(
      `   ⚠️ ${f.failures > 1 ? `failing ${f.failures} times in a row` : 'last poll failed'}${f.lastErrorAt ? ` (${when(f.lastErrorAt)})` : ''}: ${f.lastError}` +
        (retry > now ? `; next try ${when(retry)}` : ''),
    );
  }
  return lines;
}

export function feedListLines(feeds: readonly FeedRecord[], now: number): string[] {
  if (!feeds.length) return ['No feeds are followed. /feed add url:… follows one.'];
  return feeds.flatMap((f) => feedLines(f, now));
}

/** What one poll of one feed did, in one line. */
export function pollReportLine(r: PollReport): string {
  const name = r.title ?? r.url;
  if (r.status === 'failed') return `⚠️ ${name}: ${r.error ?? 'failed'}`;
  if (r.status === 'not-modified') return `${name}: not modified since the last poll`;
  const parts = [plural(r.added, 'new document')];
  if (r.updated) parts.push(`${r.updated} updated`);
  if (r.duplicates) parts.push(plural(r.duplicates, 'already stored from another feed', 'already stored from other feeds'));
  if (r.empty) parts.push(`${r.empty} without text`);
  return `${name}: ${parts.join(', ')}`;
}
