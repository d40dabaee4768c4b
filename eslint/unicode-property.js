// tsx runs our TypeScript through esbuild, which for Node 20 turns a regular-expression literal
// with \p{…} outside brackets into `new RegExp(…)` where it stands: inside a function that is a
// regex compiled at every call (it cost the cold ingest seconds). Such patterns belong in module
// constants. A \p{…} inside brackets is left as a literal, and so is one at module level.

/** Whether `pattern` has a \p{…} or \P{…} outside a character class. */
export function hasBareUnicodeProperty(pattern) {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (!inClass && (pattern[i + 1] === 'p' || pattern[i + 1] === 'P') && pattern[i + 2] === '{') return true;
      i++;
    } else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
  }
  return false;
}

/** Runs again for each call or each instance: a function's body, or a class field's initialiser. */
const perCall = (node) => /Function/.test(node.type) || (node.type === 'PropertyDefinition' && !node.static);

export const unicodePropertyRule = {
  meta: {
    type: 'problem',
    docs: { description: 'no \\p{…} regex literal outside brackets inside a function (tsx recompiles it at every call)' },
    messages: {
      hoist: 'Move this \\p{…} pattern to a module constant: tsx compiles it again at every call ({{pattern}}).',
    },
    schema: [],
  },
  create(context) {
    return {
      Literal(node) {
        if (!node.regex || !hasBareUnicodeProperty(node.regex.pattern)) return;
        if (context.sourceCode.getAncestors(node).some(perCall))
          context.report({ node, messageId: 'hoist', data: { pattern: `/${node.regex.pattern}/${node.regex.flags}` } });
      },
    };
  },
};

export default { rules: { 'unicode-property-constant': unicodePropertyRule } };
