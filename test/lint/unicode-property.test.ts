/** The local lint rule that keeps \p{…} patterns out of functions (eslint/unicode-property.js). */
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import local, { hasBareUnicodeProperty } from '../../eslint/unicode-property.js';

const linter = new Linter({ configType: 'flat' });
const problems = (code: string) =>
  linter
    .verify(code, [
      {
        plugins: { local },
        rules: { 'local/unicode-property-constant': 'error' },
        languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
      },
    ])
    .map((m) => `${m.line}:${m.ruleId ?? m.message}`);

describe('unicode-property-constant', () => {
  it('tells a \\p{…} outside brackets from one inside them and from escapes that look alike', () => {
    expect(hasBareUnicodeProperty('^\\p{Lu}')).toBe(true);
    expect(hasBareUnicodeProperty('a\\P{L}b')).toBe(true);
    expect(hasBareUnicodeProperty('[\\p{Lu}\\p{Ll}]+x')).toBe(false);
    expect(hasBareUnicodeProperty('[\\]\\p{L}]')).toBe(false);
    expect(hasBareUnicodeProperty('\\\\p{L}')).toBe(false);
    expect(hasBareUnicodeProperty('\\p')).toBe(false);
  });

  it('reports such a literal in a function, a method or an instance field, not in a module constant', () => {
    const code = [
      'const TOP = /^\\p{Lu}/u;',
      'function f(s) { return /^\\p{Lu}/u.test(s) || TOP.test(s); }',
      'const g = (s) => s.replace(/\\b\\p{Ll}/gu, (c) => c.toUpperCase());',
      'class A { re = /\\p{L}+/u; static RE = /\\p{L}+/u; m(s) { return /[\\p{L}]+/u.test(s); } }',
      'export { f, g, A };',
    ].join('\n');
    expect(problems(code)).toEqual([
      '2:local/unicode-property-constant',
      '3:local/unicode-property-constant',
      '4:local/unicode-property-constant',
    ]);
  });
});
