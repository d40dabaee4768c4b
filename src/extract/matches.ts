/**
 * Every match of a global regex, as `text.matchAll(re)` gives them, without the copy of the regex
 * that matchAll makes on each call. Extraction runs its patterns on thousands of short sentences,
 * and there the copy cost more than the matching (dates' rules, quotes' names).
 *
 * It runs `re` itself from lastIndex 0 and leaves lastIndex at 0; the matches are all found before
 * it returns, so the caller may run the same regex again while reading them.
 */
export function matchesOf(re: RegExp, text: string): RegExpExecArray[] {
  if (!re.global) throw new TypeError(`matchesOf needs a global regex: /${re.source}/${re.flags}`);
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m);
    // An empty match steps one character on, as matchAll does (a whole code point in unicode mode).
    if (m[0] === '') re.lastIndex += /[uv]/.test(re.flags) && (text.codePointAt(re.lastIndex) ?? 0) > 0xffff ? 2 : 1;
  }
  re.lastIndex = 0;
  return out;
}
