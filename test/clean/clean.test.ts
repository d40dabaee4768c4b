import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanBody, looksLikeHeading } from '../../src/clean/index.js';
import { toBlocks } from '../../src/clean/blocks.js';
import { ingestDirectory } from '../../src/ingest/index.js';
import { parseDocumentText } from '../../src/read/document.js';
import { AL_MONITOR, BBC, DATA, SEED_2025 } from '../helpers/corpus.js';

function cleanedSeed(id: string) {
  const r = parseDocumentText(`${id}.md`, readFileSync(path.join(DATA, `${id}.md`), 'utf8'), 'h');
  if (!r.ok) throw new Error(r.reason);
  return cleanBody(r.doc.body, r.doc.meta.title);
}

describe('boilerplate', () => {
  it('removes navigation, membership, newsletter and sign-in blocks from the Al-Monitor seed and keeps the article', () => {
    const { blocks, removed } = cleanedSeed(AL_MONITOR);
    const kept = blocks.map((b) => b.text).join('\n');
    for (const gone of [
      'Skip to main content',
      'Already a Member? Sign in',
      'Premium Membership',
      'free trial',
      'Delivered straight to your inbox',
      'Iraq Briefing',
      '$25.00',
    ]) {
      expect(kept).not.toContain(gone);
    }
    expect(removed.length).toBeGreaterThan(30);
    expect(kept).toContain('Riyadh has become Islamabad’s largest remittance source.');
    expect(kept).toContain('a joint rapid reaction border force has also been created.');
    // The pasted page headline repeats the title and is not a paragraph.
    expect(blocks[0].text).toMatch(/^Following several terrorist attacks/);
  });

  it('removes share and follow prompts from the 2025 seed and keeps its last paragraph', () => {
    const { blocks, removed } = cleanedSeed(SEED_2025);
    expect(removed.map((b) => b.text)).toEqual(['Share this article', 'Follow us X!']);
    expect(blocks.at(-1)!.text).toMatch(/greater regional connectivity and development\.$/);
  });

  it('keeps section headings as headings, not sentences', () => {
    const { blocks } = cleanedSeed(SEED_2025);
    const headings = blocks.filter((b) => b.heading).map((b) => b.text);
    expect(headings).toEqual([
      'Military Leadership Engagement',
      'Key Challenges and Context',
      'Concrete Steps and Agreements',
      'Future Prospects',
    ]);
    expect(looksLikeHeading('Officials said the talks would resume')).toBe(false);
    expect(looksLikeHeading('Net 5,524,000 vs 8,094,000')).toBe(false);
  });

  it('does not eat real text that mentions subscriptions, newsletters or membership', () => {
    const body = [
      'Talks on Russia’s proposed membership of the World Trade Organisation have been making good progress.',
      'BT is offering customers free internet telephone calls if they sign up to broadband in December.',
      'The newsletter said the Iraqi letter indicated Baghdad was having difficulty selling crude.',
      'Share 106 rupees vs 130',
    ].join('\n\n');
    const { blocks, removed } = cleanBody(body, 'Unrelated title');
    expect(removed).toEqual([]);
    expect(blocks).toHaveLength(4);
  });

  it('removes no paragraph of the BBC corpus', async () => {
    const { docs, skipped } = await ingestDirectory(BBC, { maxBytes: 5_000_000 });
    expect(skipped).toEqual([]);
    expect(docs).toHaveLength(2225);
    expect(docs.reduce((n, d) => n + d.removedBlocks, 0)).toBe(0);
  });
});

describe('blocks', () => {
  it('splits lines into blocks but joins hard-wrapped prose', () => {
    const blocks = toBlocks('A dek line.\nA caption, Feb. 25, 2020.\n\nThis paragraph was\nwrapped by hand.\n\n• item one\n- item two');
    expect(blocks.map((b) => b.text)).toEqual([
      'A dek line.',
      'A caption, Feb. 25, 2020.',
      'This paragraph was wrapped by hand.',
      'item one',
      'item two',
    ]);
    expect(blocks.slice(3).every((b) => b.listItem)).toBe(true);
  });
});
