/**
 * Text from documents and from users must never format, ping or link: it is escaped for
 * markdown, its mentions are broken with a zero-width space, and it is cut to fit.
 *
 * `inert` is for surfaces where Discord renders markdown (message content, embed title,
 * description, field values); `plain` is for surfaces where it does not (embed footer and
 * author, button labels, autocomplete choices), where a backslash would show as it is.
 */
const ZWSP = '\u200b';

/**
 * Breaks @everyone, @here, <@id>, <@!id>, <@&id>, <#id>, slash-command mentions and the other
 * `<…>` tokens Discord renders (custom emoji `<:x:1>`/`<a:x:1>`, timestamps `<t:1>`, `<id:…>`)
 * so they never resolve.
 */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<(@[!&]?|#|\/|a?:|t:|id:)/gi, `<${ZWSP}$1`);
}

/** Escapes every character Discord's markdown gives meaning to, including at line starts. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\\*_~`|>[\]()#-]/g, (c) => `\\${c}`)
      .replace(/:\/\//g, `:${ZWSP}//`)
      // "1. item" at a line start would become a numbered list.
      .replace(/^(\s*\d+)\./gm, '$1\\.')
  );
}

/** Document or user text made inert for a Discord message. */
export function inert(text: string): string {
  return escapeMarkdown(neutraliseMentions(text));
}

/**
 * Document or user text for surfaces that show no markdown: mentions broken, control
 * characters and line breaks turned into spaces (they would break the one-line layout).
 */
export function plain(text: string): string {
  return neutraliseMentions(text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')).replace(/:\/\//g, `:${ZWSP}//`);
}

/**
 * The text `inert` was given back (for reading our own messages, e.g. the question on a
 * paged reply). Zero-width spaces in the original are not preserved.
 */
export function decodeInert(text: string): string {
  return text.replace(/\\([\s\S])/g, '$1').replace(/\u200b/g, '');
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
