/**
 * Text from documents and from users must never format, ping or link: it is escaped for
 * markdown, its mentions are broken with a zero-width space, and it is cut to fit.
 */
const ZWSP = '\u200b';

/** Breaks @everyone, @here, <@id>, <@!id>, <@&id>, <#id> and slash-command mentions so they never resolve. */
export function neutraliseMentions(text: string): string {
  return text
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
    .replace(/<(@[!&]?|#|\/)/g, `<${ZWSP}$1`);
}

/** Escapes every character Discord's markdown gives meaning to, including at line starts. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\*_~`|>\[\]()#-]/g, (c) => `\\${c}`)
    .replace(/:\/\//g, `:${ZWSP}//`);
}

/** Document or user text made inert for a Discord message. */
export function inert(text: string): string {
  return escapeMarkdown(neutraliseMentions(text));
}

/**
 * Cuts text to at most max characters (UTF-16 units, as Discord counts), at a word boundary
 * when one is near, with an ellipsis; never splits a surrogate pair or leaves a dangling escape.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  let cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.6) cut = cut.slice(0, space);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  // An odd run of trailing backslashes would escape the ellipsis.
  const slashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (slashes % 2 === 1) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
