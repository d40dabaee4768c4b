import { describe, expect, it } from 'vitest';
import { escapeMarkdown, inert, neutraliseMentions, truncate } from '../../src/render/escape.js';

describe('escape', () => {
  it('breaks every kind of mention', () => {
    const t = neutraliseMentions('@everyone @here <@123> <@!456> <@&789> <#1011> </cmd:1>');
    expect(t).not.toMatch(/@everyone|@here|<@\d|<@!|<@&|<#\d|<\/c/);
  });

  it('escapes markdown so nothing formats', () => {
    expect(escapeMarkdown('**bold** _it_ `code` > quote # head [link](http://x.y) ||spoiler|| ~~s~~')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\> quote \\# head \\[link\\]\\(http:\u200b//x.y\\) \\|\\|spoiler\\|\\| \\~\\~s\\~\\~',
    );
    expect(inert('@everyone **x**')).toBe('@\u200beveryone \\*\\*x\\*\\*');
  });

  it('truncates within the limit without breaking a surrogate pair or an escape', () => {
    const s = `${'a'.repeat(98)}😀😀`;
    const t = truncate(s, 100);
    expect(t.length).toBeLessThanOrEqual(100);
    expect(t).not.toMatch(/[\uD800-\uDBFF]…$/);
    expect(truncate('abc\\*def', 5).endsWith('\\…')).toBe(false);
    expect(truncate('short', 10)).toBe('short');
  });
});
