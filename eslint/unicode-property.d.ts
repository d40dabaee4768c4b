import type { ESLint, Rule } from 'eslint';

export function hasBareUnicodeProperty(pattern: string): boolean;
export const unicodePropertyRule: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
