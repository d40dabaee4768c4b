/**
 * Command definitions (src/commands) → Discord's slash-command JSON. One function, used by the
 * runtime (to read an interaction's options back into Args) and by `npm run deploy-commands`,
 * so what is registered and what is read cannot drift apart.
 */
import type { Command, CommandDef, OptionDef, SubcommandDef } from '../../commands/types.js';
import { LIMITS } from '../../render/limits.js';

/** Discord's application-command option types. */
const OPTION_TYPE = { subcommand: 1, string: 3, integer: 4, boolean: 5, user: 6, channel: 7, attachment: 11 } as const;
/** Discord permission bits, as decimal strings (default_member_permissions). */
const PERMISSION_BITS = { ManageGuild: String(1n << 5n) } as const;
/** Guild-only: the bot answers for a team's channels. */
const GUILD_CONTEXT = 0;

/** Options Discord adds to every command with `answers: true`. */
export const HIDE_OPTION: OptionDef = { name: 'hide', description: 'Only you see the answer', type: 'boolean' };
export const MENTION_OPTION: OptionDef = {
  name: 'mention',
  description: 'Point a teammate at the answer (only they are pinged)',
  type: 'user',
};

export interface OptionJson {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string }[];
  max_length?: number;
  min_value?: number;
  max_value?: number;
  options?: OptionJson[];
}

export interface CommandJson {
  type: 1;
  name: string;
  description: string;
  options: OptionJson[];
  default_member_permissions?: string;
  contexts: number[];
  integration_types: number[];
}

/** The options an interaction for this command (or subcommand) carries, Discord's additions included. */
export function discordOptions(def: CommandDef, sub?: SubcommandDef): readonly OptionDef[] {
  const own = sub ? (sub.options ?? []) : (def.options ?? []);
  return def.answers ? [...own, HIDE_OPTION, MENTION_OPTION] : own;
}

function optionJson(o: OptionDef): OptionJson {
  const j: OptionJson = { type: OPTION_TYPE[o.type], name: o.name, description: o.description.slice(0, LIMITS.commandDescription) };
  if (o.required) j.required = true;
  // Discord refuses an option with both; fixed choices win.
  if (o.choices?.length) j.choices = o.choices.slice(0, LIMITS.choicesPerOption).map((c) => ({ name: c.name, value: c.value }));
  else if (o.autocomplete) j.autocomplete = true;
  if (o.maxLength !== undefined && o.type === 'string') j.max_length = o.maxLength;
  if (o.minValue !== undefined) j.min_value = o.minValue;
  if (o.maxValue !== undefined) j.max_value = o.maxValue;
  return j;
}

/** Discord requires required options before optional ones. */
function ordered(options: readonly OptionDef[]): OptionJson[] {
  return [...options.filter((o) => o.required), ...options.filter((o) => !o.required)].map(optionJson);
}

export function commandJson(def: CommandDef): CommandJson {
  const options = def.subcommands?.length
    ? def.subcommands.map((s) => ({
        type: OPTION_TYPE.subcommand,
        name: s.name,
        description: s.description.slice(0, LIMITS.commandDescription),
        options: ordered(discordOptions(def, s)),
      }))
    : ordered(discordOptions(def));
  const j: CommandJson = {
    type: 1,
    name: def.name,
    description: def.description.slice(0, LIMITS.commandDescription),
    options,
    contexts: [GUILD_CONTEXT],
    integration_types: [0],
  };
  // A command a role may also grant is shown to everyone: Discord cannot say "this permission or
  // that role" by default, so the bot checks (and a server can narrow it in its Integrations settings).
  if (def.memberPermission && !def.roleGrants) j.default_member_permissions = PERMISSION_BITS[def.memberPermission];
  return j;
}

/** The JSON `deploy-commands` PUTs: every command of the registry. */
export function commandsJson(list: readonly Command[]): CommandJson[] {
  return list.map((c) => commandJson(c.definition));
}

/** A message context-menu entry (right-click a message → Apps): a name and nothing else. */
export interface MenuJson {
  type: 3;
  name: string;
  contexts: number[];
  integration_types: number[];
}

/** The message context-menu entries of the registry's commands (`messageMenu`). */
export function menusJson(list: readonly Command[]): MenuJson[] {
  return list.flatMap((c) =>
    c.definition.messageMenu
      ? [{ type: 3 as const, name: c.definition.messageMenu, contexts: [GUILD_CONTEXT], integration_types: [0] }]
      : [],
  );
}

/** What Discord would reject in a context-menu entry: a name of 1–32 characters. */
export function menuProblems(j: MenuJson): string[] {
  return j.name.trim().length >= 1 && j.name.length <= LIMITS.commandName ? [] : [`menu "${j.name}": name must be 1–32 characters`];
}

export function permissionBits(p: NonNullable<CommandDef['memberPermission']>): bigint {
  return BigInt(PERMISSION_BITS[p]);
}

/** The permission as Discord's settings name it. */
export function permissionName(p: NonNullable<CommandDef['memberPermission']>): string {
  return { ManageGuild: 'Manage Server' }[p];
}

const NAME = /^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u;

/** What Discord would reject in a command's JSON; empty when it is valid. */
export function commandProblems(j: CommandJson): string[] {
  const out: string[] = [];
  const where = `/${j.name}`;
  const checkName = (n: string, w: string) => NAME.test(n) || out.push(`${w}: name "${n}" must be 1–32 lowercase letters, digits, - or _`);
  const checkDesc = (d: string, w: string) =>
    (d.length >= 1 && d.length <= LIMITS.commandDescription) || out.push(`${w}: description must be 1–100 characters`);
  checkName(j.name, where);
  checkDesc(j.description, where);
  let total = j.name.length + j.description.length;
  const checkOptions = (opts: OptionJson[], w: string) => {
    if (opts.length > LIMITS.optionsPerCommand) out.push(`${w}: more than ${LIMITS.optionsPerCommand} options`);
    const names = new Set<string>();
    let optionalSeen = false;
    for (const o of opts) {
      const ow = `${w} ${o.name}`;
      checkName(o.name, ow);
      checkDesc(o.description, ow);
      total += o.name.length + o.description.length;
      if (names.has(o.name)) out.push(`${ow}: duplicate option name`);
      names.add(o.name);
      if (o.type !== OPTION_TYPE.subcommand) {
        if (o.required && optionalSeen) out.push(`${ow}: required option after an optional one`);
        if (!o.required) optionalSeen = true;
      }
      if (o.autocomplete && o.choices) out.push(`${ow}: autocomplete and choices are exclusive`);
      for (const c of o.choices ?? []) {
        total += c.name.length + c.value.length;
        if (c.name.length < 1 || c.name.length > LIMITS.choiceName || c.value.length > LIMITS.choiceValue)
          out.push(`${ow}: choice "${c.name}" out of limits`);
      }
      if (o.options) checkOptions(o.options, ow);
    }
  };
  checkOptions(j.options, where);
  if (total > LIMITS.commandTotal) out.push(`${where}: ${total} characters > ${LIMITS.commandTotal}`);
  return out;
}
