/**
 * A command is one module: a plain definition (read by the runtime, the console and the
 * deploy script alike) and a handler that returns an Answer. Handlers know nothing of Discord.
 */
import type { Answer } from '../answer/types.js';
import type { CorpusStore } from '../corpus/types.js';
import type { DigestServices } from '../digest/service.js';
import type { DocumentPublisher } from '../load/shared.js';
import type { DocumentServices } from '../store/index.js';
import type { FeedServices } from '../feeds/scheduler.js';
import type { Choice, CorpusStatus } from '../types.js';

/** `attachment`: a file uploaded with the command; the handler gets its address (Discord's CDN). */
export type OptionType = 'string' | 'integer' | 'boolean' | 'user' | 'channel' | 'attachment';

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
  /**
   * Members with the role in ADD_ROLE_ID may use it too, without `memberPermission` (adding and
   * removing documents). Then Discord shows the command to everyone and the bot checks.
   */
  roleGrants?: boolean;
  /**
   * Also a message context-menu entry of this name (right-click a message → Apps): it runs the
   * command with the message's text as its first string option, for the asker alone, with a
   * button that shares the answer in the channel.
   */
  messageMenu?: string;
  /** Console usage line for /help. */
  usage: string;
}

export type ArgValue = string | number | boolean | undefined;
/** Arguments with their types erased: what the console parser and the Discord reader build. */
export type Args = Record<string, ArgValue> & { subcommand?: string };

/**
 * An option's value in a handler: a number for integers, a boolean for booleans, a string for the
 * rest (user and channel ids included). Options with fixed choices stay `string`: Discord offers
 * only the choices, but a console line can type anything, so the handler must check.
 */
type ValueOf<T extends OptionType> = T extends 'integer' ? number : T extends 'boolean' ? boolean : string;

/** Flattens an intersection so editors show one object type. */
type Flat<T> = { [K in keyof T]: T[K] };

/** The arguments a list of options gives a handler: required ones always present (runCommand checks), the rest optional. */
export type OptionsArgs<O extends readonly OptionDef[] | undefined> = O extends readonly OptionDef[]
  ? Flat<
      { [P in O[number] as P extends { required: true } ? P['name'] : never]: ValueOf<P['type']> } & {
        [P in O[number] as P extends { required: true } ? never : P['name']]?: ValueOf<P['type']>;
      }
    >
  : Record<never, never>;

/** Each subcommand's name with its own options' arguments: a union a `switch (args.subcommand)` narrows. */
type SubcommandArgs<S extends SubcommandDef> = S extends SubcommandDef
  ? Flat<{ subcommand: S['name'] } & OptionsArgs<S['options']>>
  : never;

/**
 * A handler's arguments, derived from its command's definition (as discord-utils-bot's
 * `ArgumentsOf<>` does): renaming or retyping an option in the definition breaks the handler's
 * build, not a member's command.
 */
export type ArgumentsOf<D extends CommandDef> = D extends { subcommands: readonly (infer S extends SubcommandDef)[] }
  ? SubcommandArgs<S>
  : OptionsArgs<D['options']>;

/** What a handler may use. Optional parts exist only where they make sense (a guild, a state store). */
export interface CommandContext {
  /** The corpus being served (in memory or in PostgreSQL): answers read it only through this. */
  corpus: CorpusStore;
  /** Why the corpus looks the way it does: last reload, documents skipped. */
  status: CorpusStatus;
  /** The command registry, for /help. */
  commands: readonly Command[];
  now: () => Date;
  /** The Discord guild the command came from; absent on the console. */
  guildId?: string;
  /** The member who asked (Discord), for logs. */
  userId?: string;
  /**
   * Typed by whoever runs the bot, at its console: only then may a command read this machine's
   * files (`/add PATH`). Never set for anything that arrives from Discord.
   */
  local?: boolean;
  /** Services a front end registers for the commands that need them (see each one's module). */
  services: Services;
}

/**
 * The services, each by name; `/digest` and `/feed` open their own on first use when none is registered.
 * `shared`: with DATABASE_URL, documents added or removed here are published to the other replicas.
 */
export type Services = DigestServices & DocumentServices & FeedServices & { shared?: DocumentPublisher };

/** A command as the registry holds it: its handler's argument types erased. */
export interface Command {
  definition: CommandDef;
  run(ctx: CommandContext, args: Args): Answer | Promise<Answer>;
  /** Suggestions for the option being typed (at most 25; fast: Discord waits 3 s and cannot be deferred). */
  autocomplete?: (ctx: CommandContext, option: string, value: string) => Choice[] | Promise<Choice[]>;
}

/** A command module: a definition and a handler whose arguments are typed from it. */
export interface TypedCommand<D extends CommandDef> {
  definition: D;
  run(ctx: CommandContext, args: ArgumentsOf<D>): Answer | Promise<Answer>;
  autocomplete?: (ctx: CommandContext, option: string, value: string) => Choice[] | Promise<Choice[]>;
}

/**
 * Declares a command; its definition is read as written (literal names and types), so the
 * handler's `args` are typed from it. The registry erases the types again: that is sound because
 * handlers are called only through `runCommand`, with arguments read against the same definition
 * (declared options only, values of the declared type, required ones present, a known subcommand).
 */
export function defineCommand<const D extends CommandDef>(command: TypedCommand<D>): TypedCommand<D> {
  return command;
}

/** The option a console line's free text fills: the first string option. */
export function primaryOption(def: { options?: readonly OptionDef[] }): OptionDef | undefined {
  return def.options?.find((o) => o.type === 'string');
}
