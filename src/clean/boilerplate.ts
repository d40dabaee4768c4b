/**
 * Web boilerplate that people paste along with an article: navigation, share and follow
 * prompts, sign-in prompts, newsletter, subscription and membership promotions.
 *
 * Two general rules, no list of any site's lines:
 *  1. a short block that is a call to action or a piece of page furniture is removed anywhere;
 *  2. a promotional tail — a run of blocks to the end of the document that opens with a call to
 *     action, holds at least two of them, and contains nothing that reads as article prose — is
 *     removed whole (the bullet lists and price lines inside a promotion are not prose).
 */
import type { Block } from './blocks.js';

/** Calls to action and page furniture. Judged only on short blocks (see STRONG_MAX_WORDS). */
const STRONG: RegExp[] = [
  /^skip (?:to|navigation)\b/i,
  /^(?:jump|go|back) to (?:main |the )?(?:content|top|navigation|menu)\b/i,
  /\b(?:share|tweet|email|print|save) (?:this|the) (?:article|story|page|post|video)\b/i,
  /^share(?: (?:on|via|to|with) [\w.+-]+(?: [\w.+-]+)?)?[!.:]?$/i,
  /^follow us\b/i,
  /(?:^|[?!.]\s+)(?:sign|log) ?(?:in|up|out)\b/i,
  /\bcreate (?:a |an |your )?(?:free )?account\b/i,
  /(?:^|[?!.]\s+)subscribe\b/i,
  /\bsubscribe (?:now|today|for|to (?:our|the newsletter))\b/i,
  /\b(?:your|digital|premium) subscription\b/i,
  /\b(?:our|free|daily|weekly) newsletters?\b/i,
  /\bnewsletters? (?:available|sign-?up)\b/i,
  /^[^.]{0,40}\bnewsletters?$/i,
  /\bfree trial\b/i,
  /\bcancel (?:at )?any ?time\b/i,
  /\b(?:premium|your|pro) membership\b/i,
  /^(?:premium |pro )?membership(?: (?:plans?|options|benefits))?$/i,
  /\bbecome (?:a )?(?:member|subscriber)\b/i,
  /\balready (?:a )?(?:member|subscriber)\b/i,
  /\bbilled (?:annually|monthly|yearly)\b/i,
  /^[$€£]\s?\d+(?:[.,]\d\d)?\s?(?:\/|per)\s?(?:month|mo|year|yr|week)\b/i,
  /^advertisement$/i,
  /^(?:read|see) more\b/i,
  /\bclick here\b/i,
  /\b(?:accept|manage) (?:all )?cookies\b/i,
  /\bdelivered (?:straight )?to your inbox\b/i,
  /\bdownload (?:our|the) app\b/i,
  /^(?:related|recommended|most read|trending)(?: (?:articles|stories|topics|content|now))?:?$/i,
  /^(?:copyright|©)\s/i,
  /\ball rights reserved\b/i,
];

/** A strong pattern in a block longer than this is more likely prose that mentions it. */
const STRONG_MAX_WORDS = 20;

/** Words that promotions are made of; a tail block must have one of these or be short. */
const PROMO_WORDS =
  /\b(?:premium|exclusives?|members?|membership|subscri\w+|newsletters?|trial|inbox|e-?mail|offers?|plans?|onboard|insights?|briefings?|PRO|VIPs?|access|today|free)\b/;

/** Openers of a call to action: where a promotional tail may begin. */
const CTA_OPENER = /^(?:join|subscribe|sign (?:up|in)|get|try|start|become|register|download|follow|support|unlock|upgrade|already a)\b/i;

const SHORT_WORDS = 15;

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function strongPattern(block: Block): RegExp | undefined {
  if (words(block.text) > STRONG_MAX_WORDS) return undefined;
  return STRONG.find((re) => re.test(block.text));
}

export function isStrongBoilerplate(block: Block): boolean {
  return strongPattern(block) !== undefined;
}

function tailCompatible(block: Block): boolean {
  return block.listItem || words(block.text) <= SHORT_WORDS || PROMO_WORDS.test(block.text) || isStrongBoilerplate(block);
}

/** Index where a promotional tail starts, or blocks.length when there is none. */
export function promotionalTailStart(blocks: Block[]): number {
  let start = blocks.length;
  while (start > 0 && tailCompatible(blocks[start - 1])) start--;
  // The tail opens with a call to action, not with the article's own last short lines.
  while (start < blocks.length && !(CTA_OPENER.test(blocks[start].text) || isStrongBoilerplate(blocks[start]))) start++;
  const strong = blocks.slice(start).filter(isStrongBoilerplate).length;
  return strong >= 2 ? start : blocks.length;
}

export interface CleanResult {
  kept: Block[];
  removed: Block[];
}

export function removeBoilerplate(blocks: Block[]): CleanResult {
  const tail = promotionalTailStart(blocks);
  const kept: Block[] = [];
  const removed: Block[] = [];
  blocks.forEach((b, i) => (i >= tail || isStrongBoilerplate(b) ? removed : kept).push(b));
  return { kept, removed };
}
