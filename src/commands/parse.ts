/**
 * Console lines → a command and its arguments, the way Discord would fill them:
 * `/who Asim Munir`, `/when border attacks order:date`, `/digest preview`.
 * Free text fills the command's first string option; `name:value` sets any other option.
 */
import type { Answer } from '../answer/types.js';
import { findCommand } from './index.js';
import { primaryOption, type Args, type Command, type CommandContext, type CommandDef, type OptionDef } from './types.js';

export interface ParsedLine {
  command: Command;
  args: Args;
  query: string;
}

function coerce(opt: OptionDef, raw: string): string | number | boolean | undefined {
  if (opt.type === 'integer') return /^-?\d+$/.test(raw) ? Number(raw) : undefined;
  if (opt.type === 'boolean') return /^(true|yes|1|on)$/i.test(raw) ? true : /^(false|no|0|off)$/i.test(raw) ? false : undefined;
  return raw;
}

export function parseLine(line: string, list: readonly Command[]): ParsedLine | { error: string; name: string; query: string } {
  const trimmed = line.trim();
  const m = /^\/?([\p{L}\d_-]+)\s*([\s\S]*)$/u.exec(trimmed);
  if (!m) return { error: 'Type a command such as `/search border fencing` or `/help`.', name: '', query: trimmed };
  const command = findCommand(m[1], list);
  let rest = m[2];
  if (!command) {
    return { error: `Unknown command “/${m[1].slice(0, 32)}”. Try /help for the list.`, name: m[1].slice(0, 32), query: rest };
  }
  const args: Args = {};
  let options = command.definition.options ?? [];
  const subs = command.definition.subcommands;
  if (subs?.length) {
    const sm = /^(\S+)\s*([\s\S]*)$/.exec(rest);
    const sub = sm && subs.find((s) => s.name === sm[1].toLowerCase());
    if (!sub) return { error: needsSubcommand(command.definition), name: command.definition.name, query: rest };
    args.subcommand = sub.name;
    options = sub.options ?? [];
    rest = sm[2];
  }
  // name:value pairs for declared options; the rest is free text.
  const named = new Set(options.map((o) => o.name));
  const free: string[] = [];
  for (const token of rest.split(/(\s+)/)) {
    const kv = /^([a-z_]+):(\S*)$/.exec(token);
    const opt = kv && named.has(kv[1]) ? options.find((o) => o.name === kv[1]) : undefined;
    if (kv && opt) args[opt.name] = coerce(opt, kv[2]);
    else free.push(token);
  }
  const text = free.join('').trim();
  const primary = primaryOption({ options });
  if (primary && text && args[primary.name] === undefined) args[primary.name] = text;
  return { command, args, query: text };
}

/** Runs one console line and returns its answer; never throws. */
export async function runLine(ctx: CommandContext, line: string): Promise<Answer> {
  const parsed = parseLine(line, ctx.commands);
  if ('error' in parsed) return { command: parsed.name, query: parsed.query, error: parsed.error };
  return runCommand(ctx, parsed.command, parsed.args, parsed.query);
}

function needsSubcommand(def: CommandDef): string {
  return `/${def.name} needs one of: ${(def.subcommands ?? []).map((s) => s.name).join(', ')}.`;
}

/**
 * Runs a command with its arguments; a failing handler becomes an error answer, not a crash.
 * The one way to a handler: what it checks here (a known subcommand, required options present)
 * is what lets handlers take arguments typed from their definitions (ArgumentsOf).
 */
export async function runCommand(ctx: CommandContext, command: Command, args: Args, query: string): Promise<Answer> {
  const def = command.definition;
  if (def.subcommands?.length && !def.subcommands.some((s) => s.name === args.subcommand)) {
    return { command: def.name, query, error: needsSubcommand(def) };
  }
  const options = args.subcommand ? (def.subcommands?.find((s) => s.name === args.subcommand)?.options ?? []) : (def.options ?? []);
  const missing = options.find((o) => o.required && (args[o.name] === undefined || args[o.name] === ''));
  if (missing) {
    return {
      command: def.name,
      query,
      error: `/${def.name} needs ${missing.name === 'name' ? 'a name' : `the ${missing.name}`}: ${def.usage}`,
    };
  }
  return command.run(ctx, args);
}
