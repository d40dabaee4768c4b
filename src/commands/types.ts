/**
 * A command is one module: a plain definition (read by the runtime, the console and the
 * deploy script alike) and a handler that returns an Answer. Handlers know nothing of Discord.
 */
import type { Answer } from '../answer/types.js';
import type { Corpus } from '../index/corpus.js';
import type { Choice, CorpusStatus } from '../types.js';

export type OptionType = 'string' | 'integer' | 'boolean' | 'user' | 'channel';

export interface OptionDef {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  /** Names or topics are suggested while typing (Discord autocomplete, console completion). */
  autocomplete?: boolean;
  choices?: readonly { name: string; value: string }[];
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
}

export interface SubcommandDef {
  name: string;
  description: string;
  options?: readonly OptionDef[];
  /** Replies only the caller sees (Discord: an ephemeral reply), e.g. a digest preview or settings. */
  ephemeral?: boolean;
}

export interface CommandDef {
  name: string;
  description: string;
  options?: readonly OptionDef[];
  subcommands?: readonly SubcommandDef[];
  /** Answers from the corpus: Discord adds the `hide` and `mention` options and paging. */
  answers?: boolean;
  /** May take longer than Discord's 3 s: defer first ('auto' defers only while a reload runs). */
  defer?: 'auto' | 'always';
  /** Replies only the caller sees (Discord: an ephemeral reply); a subcommand can say so on its own. */
  ephemeral?: boolean;
  /** Discord permission a member needs (e.g. digest setup needs ManageGuild). */
  memberPermission?: 'ManageGuild';
  /** Console usage line for /help. */
  usage: string;
}

export type ArgValue = string | number | boolean | undefined;
export type Args = Record<string, ArgValue> & { subcommand?: string };

/** What a handler may use. Optional parts exist only where they make sense (a guild, a state store). */
export interface CommandContext {
  corpus: Corpus;
  /** Why the corpus looks the way it does: last reload, documents skipped. */
  status: CorpusStatus;
  /** The command registry, for /help. */
  commands: readonly Command[];
  now: () => Date;
  /** The Discord guild the command came from; absent on the console. */
  guildId?: string;
  /** Extra services (digest store, …) by name; see the modules that register them. */
  services: Record<string, unknown>;
}

export interface Command {
  definition: CommandDef;
  run(ctx: CommandContext, args: Args): Answer | Promise<Answer>;
  /** Suggestions for the option being typed (at most 25; fast, from memory). */
  autocomplete?: (ctx: CommandContext, option: string, value: string) => Choice[];
}

/** The option a console line's free text fills: the first string option. */
export function primaryOption(def: { options?: readonly OptionDef[] }): OptionDef | undefined {
  return def.options?.find((o) => o.type === 'string');
}
