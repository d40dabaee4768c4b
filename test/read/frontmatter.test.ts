/** Front matter: the plain fields read without the YAML parser are what the parser gives. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { simpleFields, splitFrontMatter } from '../../src/read/frontmatter.js';

const yaml = (text: string): unknown => parseYaml(text, { prettyErrors: false, uniqueKeys: true });

describe('simpleFields', () => {
  it('reads the common shape: quoted strings, a list of them, a date', () => {
    const text =
      'title: "Harbour <Hbr> Dues Rise 4 Pct"\nsource: "Wire"\npublished: 1991-07-04T10:02:03Z\n' +
      'dateline: "OSLO, July 4 -"\ntopics: ["ship", "trade"]\nlabels: []\nmonth: 2022-02\n';
    const fields = simpleFields(text);
    expect(fields).toEqual({
      title: 'Harbour <Hbr> Dues Rise 4 Pct',
      source: 'Wire',
      published: '1991-07-04T10:02:03Z',
      dateline: 'OSLO, July 4 -',
      topics: ['ship', 'trade'],
      labels: [],
      month: '2022-02',
    });
    expect(fields).toEqual(yaml(text));
    expect(splitFrontMatter(`---\n${text}---\n\nBody.\n`)).toEqual({ data: fields, body: '\n\nBody.\n' });
  });

  it('leaves to the parser what it does not read the same way', () => {
    for (const text of [
      'title: "A \\"quoted\\" word"\n', // escapes
      'year: 2022\n', // a number
      'title: plain words\n', // a plain scalar
      'title: "A"\ntitle: "B"\n', // a repeated key (an error for the parser)
      'null: "x"\n', // a key YAML reads as null
      'title: "A"\n# note\n', // a comment
      'title: "A"', // no final line break
      'title: "A"\r\n', // CRLF
      'tags: ["a","b"]\n', // list spacing of its own
    ])
      expect(simpleFields(text), text).toBeUndefined();
  });

  it('gives what the YAML parser gives whenever it reads a front matter', () => {
    const char = fc.constantFrom(
      'a',
      'Z',
      ' ',
      '<',
      '>',
      ':',
      '#',
      "'",
      ',',
      '-',
      '"',
      '\\',
      '\t',
      'é',
      '’',
      '\u2028',
      '\uFEFF',
      '😀',
      '[',
      ']',
    );
    const str = fc.string({ unit: char, maxLength: 8 });
    const value = fc.oneof(
      str.map((s) => `"${s}"`),
      fc.tuple(fc.array(str, { maxLength: 3 }), fc.constantFrom(', ', ',')).map(([xs, sep]) => `[${xs.map((s) => `"${s}"`).join(sep)}]`),
      fc.constantFrom('2022', '2022-02', '2022-02-14', '1987-03-03T09:17:32Z', '2022-13-45', '12:30', '0123', 'yes', '~', '', '[]', '""'),
    );
    const key = fc.constantFrom('title', 'source', 'published', 'topics', 'null', 'True', 'x_1', '_x', 'Title');
    const line = fc.tuple(key, fc.constantFrom(': ', ':  ', ':'), value).map(([k, sep, v]) => `${k}${sep}${v}`);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const text = `${lines.join('\n')}\n`;
        const fields = simpleFields(text);
        if (fields === undefined) return true;
        expect(fields).toEqual(yaml(text));
        return true;
      }),
      { numRuns: 3000, seed: 19 },
    );
  });
});
