/**
 * Soak: a few thousand interactions through the real discord.js client and the fake Discord,
 * many at a time, while documents are added, edited, broken and removed in the watched corpus
 * directory. Zero failures, zero unanswered interactions, every answer from one consistent
 * corpus version, every reply inside Discord's limits; and at the end the corpus is exactly
 * what is on disk (no change lost).
 */
import { mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { App } from '../../src/app.js';
import { commands as registry } from '../../src/commands/index.js';
import { primaryOption, type Command } from '../../src/commands/types.js';
import type { MemoryCorpusStore } from '../../src/corpus/memory.js';
import type { Corpus } from '../../src/index/corpus.js';
import type { LiveCorpus } from '../../src/load/live.js';
import { replyViolations } from '../../src/render/limits.js';
import { startHarness, type Harness } from '../e2e/harness.js';
import { tempCorpus } from '../helpers/corpus.js';
import type { InteractionReply } from '../helpers/fake-discord.js';
import { checkAnswer, HOSTILE_TOKENS, queryArb } from '../helpers/hostile.js';
import { prng } from '../helpers/prng.js';

process.env.STATE_DIR ??= path.join(os.tmpdir(), `factdesk-soak-state-${process.pid}`);

const INTERACTIONS = 3000;
const CONCURRENCY = 16;

const rand = prng(8);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

const FIRST = ['Amara', 'Bilal', 'Chen', 'Dara', 'Elif', 'Farid', 'Greta', 'Hamid', 'Ines', 'Jonas'];
const LAST = ['Okafor', 'Marlow', 'Qureshi', 'Lindqvist', 'Haddad', 'Moreau', 'Tanaka', 'Rahimi'];
const ROLES = ['interior minister', 'army spokesperson', 'mayor of Eastport', 'chief executive of Harlow Freight'];
const NOUNS = ['harbour', 'bridge', 'budget', 'pipeline', 'treaty', 'railway'];
const MONTHS = ['January', 'March', 'May', 'July', 'September', 'November'];

/** Document k at revision r: every sentence names its revision, so text of one version never passes for another. */
function soakDoc(k: number, r: number): string {
  const name = `${FIRST[k % FIRST.length]} ${LAST[(k * 7 + r) % LAST.length]}`;
  const noun = NOUNS[(k + r) % NOUNS.length];
  const month = MONTHS[(k + r) % MONTHS.length];
  return `---
title: "Report ${k} revision ${r} on the ${noun}"
source: Wire
published: 2024-${String(1 + (k % 12)).padStart(2, '0')}-${String(1 + (r % 28)).padStart(2, '0')}
---

${name}, the ${ROLES[(k + r) % ROLES.length]}, said on ${month} ${1 + (k % 27)}, 2024 that the ${noun} would reopen under revision ${r} of report ${k}.

"The ${noun} will be ready by ${month} 2025," ${name} said in revision ${r} of report ${k}.

On ${month} ${2 + (r % 26)}, 2023, the Eastport council approved the ${noun} plan of report ${k}, revision ${r}.
`;
}

const BAD_CONTENT = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), '---\ntitle: [broken\n---\n\nBody.\n', ''];

interface Recorded {
  corpus: Corpus;
  answer: Answer;
}

let harness: Harness;
let app: App;
let live: LiveCorpus;
let dir: string;
const versions = new Map<number, Corpus>();
const runs: Recorded[] = [];
const inconsistencies: string[] = [];

/** The registry's commands, each recording the corpus it answered from and checking its answer against it. */
function recording(list: readonly Command[]): Command[] {
  return list.map((c) => ({
    ...c,
    async run(ctx, args) {
      const answer = await c.run(ctx, args);
      // The App serves the memory store of the Corpus it swapped in.
      const corpus = (ctx.corpus as MemoryCorpusStore).corpus;
      runs.push({ corpus, answer });
      if (![...versions.values()].includes(corpus)) inconsistencies.push(`/${c.definition.name} answered from a corpus never swapped in`);
      try {
        checkAnswer(corpus, answer);
      } catch (err) {
        inconsistencies.push(`/${c.definition.name} ${JSON.stringify(answer.query)}: ${(err as Error).message.slice(0, 300)}`);
      }
      return answer;
    },
  }));
}

beforeAll(async () => {
  const files: Record<string, string> = {};
  for (let k = 0; k < 30; k++) files[`reports/report-${k}.md`] = soakDoc(k, 0);
  dir = tempCorpus(files);
  app = await App.start({ dataDir: dir, maxBytes: 100_000, workers: 0, commands: recording(registry) });
  versions.set(app.generation, app.corpus);
  app.onSwap((corpus, generation) => versions.set(generation, corpus));
  live = await app.watch({ debounceMs: 40, maxWaitMs: 300 });
  await live.idle();
  harness = await startHarness({ app, dataDir: dir, env: { COOLDOWN_SECONDS: '0' }, fake: { replyTimeoutMs: 20_000 } });
});

afterAll(async () => {
  await harness?.stop();
  await app?.close();
});

/** The document ids a reply shows (embed footers end with `· docId`). */
function shownDocIds(r: InteractionReply): string[] {
  return (r.message.embeds ?? [])
    .map((e: { footer?: { text?: string } }) => e.footer?.text?.split(' · ').pop() ?? '')
    .filter((id: string) => id.startsWith('reports/') || id.startsWith('new/'));
}

describe('soak', () => {
  it(`${INTERACTIONS} interactions while documents change: none fails, none unanswered, every answer from one corpus version`, async () => {
    const queries = fc.sample(queryArb, { seed: 88, numRuns: 400 }).filter((q) => q.trim() && q.length <= 200);
    const names = FIRST.flatMap((f) => LAST.map((l) => `${f} ${l}`));
    const textCommands = registry.filter((c) => c.definition.answers || c.definition.name === 'about' || c.definition.name === 'help');
    const counts = {
      sent: 0,
      answered: 0,
      unanswered: 0,
      failures: 0,
      withResults: 0,
      deferred: 0,
      autocomplete: 0,
      pages: 0,
      limitViolations: 0,
      mentionViolations: 0,
      mixedVersions: 0,
    };
    const edits = { added: 0, edited: 0, removed: 0, broken: 0, fixed: 0 };
    const problems: string[] = [];

    // Documents on disk: id → revision; bad files on disk.
    const present = new Map<number, number>();
    for (let k = 0; k < 30; k++) present.set(k, 0);
    const bad = new Set<string>();
    let nextDoc = 30;
    let mutating = true;
    const mutator = (async () => {
      while (mutating) {
        const roll = rand();
        if (roll < 0.3) {
          const k = nextDoc++;
          mkdirSync(path.join(dir, 'new'), { recursive: true });
          writeFileSync(path.join(dir, 'new', `report-${k}.md`), soakDoc(k, 0));
          present.set(k, 0);
          edits.added++;
        } else if (roll < 0.65 && present.size > 0) {
          const k = pick([...present.keys()]);
          const r = present.get(k)! + 1;
          writeFileSync(path.join(dir, k < 30 ? 'reports' : 'new', `report-${k}.md`), soakDoc(k, r));
          present.set(k, r);
          edits.edited++;
        } else if (roll < 0.85 && present.size > 12) {
          const k = pick([...present.keys()]);
          unlinkSync(path.join(dir, k < 30 ? 'reports' : 'new', `report-${k}.md`));
          present.delete(k);
          edits.removed++;
        } else if (roll < 0.93) {
          const f = `broken-${edits.broken}.md`;
          writeFileSync(path.join(dir, f), pick(BAD_CONTENT));
          bad.add(f);
          edits.broken++;
        } else if (bad.size > 0) {
          // A broken file is fixed by an editor's save: written aside, then renamed over it.
          const f = pick([...bad]);
          const k = nextDoc++;
          writeFileSync(path.join(dir, `.${f}.tmp`), soakDoc(k, 0));
          renameSync(path.join(dir, `.${f}.tmp`), path.join(dir, f));
          bad.delete(f);
          edits.fixed++;
        }
        await new Promise((r) => setTimeout(r, 15 + rand() * 40));
      }
    })();

    const one = async (i: number): Promise<void> => {
      const user = { id: String(100000000000000000n + BigInt(i % 50)), username: `user${i % 50}` };
      const roll = rand();
      const g0 = app.generation;
      let reply: InteractionReply;
      counts.sent++;
      try {
        if (roll < 0.05) {
          const c = pick(registry.filter((x) => x.autocomplete && x.definition.options?.some((o) => o.autocomplete)));
          const opt = c.definition.options!.find((o) => o.autocomplete)!;
          const choices = await harness.fake.autocomplete({
            name: c.definition.name,
            options: { [opt.name]: pick([...names, ...HOSTILE_TOKENS]).slice(0, 3) },
            focused: opt.name,
            user,
          });
          counts.answered++;
          counts.autocomplete++;
          if (choices.length > 25 || choices.some((ch) => ch.name.length > 100 || String(ch.value).length > 100)) counts.limitViolations++;
          return;
        }
        const c = pick(textCommands);
        const primary = primaryOption(c.definition);
        const q =
          rand() < 0.5 ? pick(names) : rand() < 0.5 ? `${pick(NOUNS)} ${pick(['plan', 'reopen', 'revision', 'council'])}` : pick(queries);
        reply = await harness.fake.interact({ name: c.definition.name, options: primary ? { [primary.name]: q } : {}, user });
        counts.answered++;
        if (reply.deferred) counts.deferred++;
        const next = reply.message.components?.[0]?.components?.find(
          (b: { custom_id?: string; disabled?: boolean }) => b.custom_id?.includes(':next') && !b.disabled,
        );
        if (next && rand() < 0.3) {
          counts.sent++;
          const page = await harness.fake.clickButton(next.custom_id, reply, { user });
          counts.answered++;
          counts.pages++;
          check(page, g0);
        }
      } catch (err) {
        counts.unanswered++;
        problems.push(`interaction ${i}: ${(err as Error).message}`);
        return;
      }
      check(reply, g0);
    };

    const check = (reply: InteractionReply, g0: number) => {
      const g1 = app.generation;
      const m = reply.message;
      if (/Something went wrong/.test(m.content ?? '')) {
        counts.failures++;
        problems.push(`failure reply: ${m.content}`);
      }
      if ((m.embeds ?? []).length) counts.withResults++;
      const violations = replyViolations({ content: m.content, embeds: m.embeds, components: m.components });
      if (violations.length) {
        counts.limitViolations++;
        problems.push(`limits: ${violations.join('; ')}`);
      }
      const text = JSON.stringify({ c: m.content, e: (m.embeds ?? []).map(({ url: _u, ...e }: { url?: string }) => e) });
      if (/@everyone|@here|<@[!&]?\d|<#\d/.test(text) || (m.allowed_mentions && (m.allowed_mentions.parse ?? []).length))
        counts.mentionViolations++;
      // The documents shown must all exist together in one corpus version seen during the interaction.
      const ids = shownDocIds(reply);
      if (ids.length) {
        let ok = false;
        for (let g = g0; g <= g1 && !ok; g++) {
          const v = versions.get(g);
          if (v && ids.every((id) => v.docIndex(id) !== undefined)) ok = true;
        }
        if (!ok) {
          counts.mixedVersions++;
          problems.push(`documents ${ids.join(', ')} not all in one version between ${g0} and ${g1}`);
        }
      }
    };

    let nextIndex = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (nextIndex < INTERACTIONS) await one(nextIndex++);
      }),
    );
    mutating = false;
    await mutator;

    // Every change made is in the corpus at the end: wait for the last rebuild, then compare with the disk.
    const expectedIds = [...present.keys()].map((k) => (k < 30 ? `reports/report-${k}` : `new/report-${k}`));
    const until = Date.now() + 15_000;
    const matches = () => {
      const ids = new Set(app.corpus.docs.map((d) => d.meta.id));
      return expectedIds.every((id) => ids.has(id)) && app.corpus.skipped.length === bad.size;
    };
    while (!matches() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await live.idle();
    for (const [k, r] of present) {
      const id = k < 30 ? `reports/report-${k}` : `new/report-${k}`;
      const doc = app.corpus.docs[app.corpus.docIndex(id)!];
      expect(doc?.meta.title, id).toMatch(new RegExp(`^Report ${k} revision ${r} `));
    }
    expect(app.corpus.skipped.map((s) => s.file).sort()).toEqual([...bad].sort());

    const summary = {
      ...counts,
      ...edits,
      rebuilds: live.rebuilds,
      versions: versions.size,
      handlerRuns: runs.length,
      inconsistencies: inconsistencies.length,
    };
    // Kept in the test output: the figures docs/notes/issue-8.md reports.
    console.log(`soak: ${JSON.stringify(summary)}`);
    expect(problems.slice(0, 5)).toEqual([]);
    expect(inconsistencies.slice(0, 5)).toEqual([]);
    expect(counts.unanswered).toBe(0);
    expect(counts.failures).toBe(0);
    expect(counts.limitViolations).toBe(0);
    expect(counts.mentionViolations).toBe(0);
    expect(counts.mixedVersions).toBe(0);
    expect(counts.answered).toBe(counts.sent);
    expect(counts.sent).toBeGreaterThanOrEqual(INTERACTIONS);
    // The soak must really have run under change: rebuilds during it, answers from several versions.
    // (How many depends on the machine: a slow rebuild gathers more changes into one.)
    expect(live.rebuilds).toBeGreaterThanOrEqual(3);
    expect(new Set(runs.map((r) => r.corpus)).size).toBeGreaterThanOrEqual(3);
    expect(counts.withResults).toBeGreaterThan(INTERACTIONS / 4);
  }, 120_000);
});
