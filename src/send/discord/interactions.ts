/**
 * Interactions → commands → replies. Slash commands run their handler and get a rendered
 * Answer; autocomplete asks the command for suggestions; paging buttons re-run the question
 * read back from the message. Every interaction is answered: an exception becomes a short
 * ephemeral "❌" reply with an error id that is also logged, and a reply that fails is logged
 * with the interaction id.
 *
 * The handler sees an interaction through an InteractionPort, so the gateway (a discord.js
 * Interaction, `gatewayPort` below) and HTTP interactions (src/send/http/port.ts) go through the
 * same code, handlers and renderers.
 */
import { randomBytes } from 'node:crypto';
import {
  MessageFlags,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
} from 'discord.js';
import type { Logger } from 'pino';
import type { App } from '../../app.js';
import type { Answer } from '../../answer/types.js';
import { findCommand, findMessageMenu } from '../../commands/index.js';
import { parseLine, runCommand } from '../../commands/parse.js';
import { primaryOption, type Args, type Command, type CommandDef, type OptionDef } from '../../commands/types.js';
import type { Choice } from '../../types.js';
import { redact } from '../../log.js';
import {
  mentionFromContent,
  parsePageCustomId,
  parseShareCustomId,
  questionFromContent,
  renderChoices,
  renderDiscord,
  renderFailure,
  renderNotice,
  type DiscordReply,
} from '../../render/discord.js';
import { MARKS } from '../../render/limits.js';
import type { Cooldown } from './cooldown.js';
import { discordOptions, permissionBits, permissionName } from './definitions.js';

export interface InteractionDeps {
  app: App;
  cooldown: Cooldown;
  log: Logger;
  /** From this many documents, answers defer first (a search may then take longer than Discord's 3 s). */
  largeCorpusDocs: number;
  /** A handler still running after this long is deferred, whatever its declaration said. */
  deferAfterMs: number;
  /** An interaction that reaches the handler this long after it was created is deferred first. */
  lateAfterMs: number;
  /** ADD_ROLE_ID: members with this role may use commands that say `roleGrants`. */
  addRoleId?: string;
}

/** What a slash command asked, read from the interaction with the same definitions the deploy script registers. */
export interface AskedCommand {
  args: Args;
  /** The text of the first string option (the query). */
  query: string;
  /** The question in console form (`/when border attacks order:date`). */
  question: string;
  hide: boolean;
  /** Only the asker sees the reply: `hide:true`, or the command or subcommand says so. */
  ephemeral: boolean;
  mention?: string;
}

/**
 * One interaction, whichever way it arrived. `reply`, `defer`, `update` and `respond` are the
 * first response (one of them, once); `edit` changes the reply after it.
 */
export interface InteractionPort {
  readonly id: string;
  readonly kind: 'command' | 'autocomplete' | 'button' | 'other';
  /** The command's name (commands, autocomplete) or the button's custom id. */
  readonly name: string;
  readonly guildId?: string;
  readonly userId: string;
  /** When Discord created it (ms), from its snowflake id. */
  readonly createdTimestamp: number;
  readonly deferred: boolean;
  readonly replied: boolean;
  hasPermission(bits: bigint): boolean;
  /** Whether the member who asked has this role. */
  hasRole(roleId: string): boolean;
  subcommand(): string | null;
  option(o: OptionDef): string | number | boolean | undefined;
  /** The option being typed (autocomplete). */
  focused(): { name: string; value: string };
  /** The message a button is on. */
  message(): { content: string; ephemeral: boolean };
  /** The text of the message a message context-menu command was used on; undefined for anything else. */
  targetMessage(): string | undefined;
  reply(r: DiscordReply): Promise<void>;
  defer(ephemeral: boolean): Promise<void>;
  /** Fills or changes the reply; `firstShowing` (filling a deferred reply) lets its mention ping. */
  edit(r: DiscordReply, firstShowing: boolean): Promise<void>;
  /** A button's message, replaced. */
  update(r: DiscordReply): Promise<void>;
  respond(choices: Choice[]): Promise<void>;
}

/**
 * What a message context-menu entry asks: its command with the message's text as the first string
 * option (cut at a word to the option's length, so the question line carries it whole and a
 * shared answer is the same one), for the asker alone.
 */
export function readMenuCommand(def: CommandDef, text: string): AskedCommand {
  const primary = primaryOption(def);
  const max = primary?.maxLength ?? 300;
  let query = text.replace(/\s+/g, ' ').trim();
  if (query.length > max) {
    const cut = query.slice(0, max);
    query = cut.lastIndexOf(' ') > max / 2 ? cut.slice(0, cut.lastIndexOf(' ')) : cut;
  }
  const args: Args = primary ? { [primary.name]: query } : {};
  return { args, query, question: `/${def.name} ${query}`, hide: true, ephemeral: true };
}

export function readCommand(def: CommandDef, i: InteractionPort): AskedCommand {
  const subName = def.subcommands?.length ? i.subcommand() : null;
  const sub = subName ? def.subcommands?.find((s) => s.name === subName) : undefined;
  const own = sub ? (sub.options ?? []) : (def.options ?? []);
  const args: Args = {};
  if (sub) args.subcommand = sub.name;
  for (const o of discordOptions(def, sub)) {
    const v = i.option(o);
    if (v !== undefined) args[o.name] = v;
  }
  const hide = args.hide === true;
  const mention = typeof args.mention === 'string' ? args.mention : undefined;
  if (def.answers) {
    delete args.hide;
    delete args.mention;
  }
  const primary = primaryOption({ options: own });
  const query = primary && typeof args[primary.name] === 'string' ? String(args[primary.name]) : '';
  const parts = [`/${def.name}`];
  if (sub) parts.push(sub.name);
  if (query) parts.push(query);
  for (const o of own) {
    const v = args[o.name];
    if (o !== primary && v !== undefined) parts.push(`${o.name}:${String(v).replace(/\s+/g, '_')}`);
  }
  return { args, query, question: parts.join(' '), hide, ephemeral: hide || Boolean(def.ephemeral || sub?.ephemeral), mention };
}

function optionValue(i: ChatInputCommandInteraction, o: OptionDef): string | number | boolean | undefined {
  switch (o.type) {
    case 'string':
      return i.options.getString(o.name) ?? undefined;
    case 'integer':
      return i.options.getInteger(o.name) ?? undefined;
    case 'boolean':
      return i.options.getBoolean(o.name) ?? undefined;
    case 'user':
      return i.options.getUser(o.name)?.id;
    case 'channel':
      return i.options.getChannel(o.name)?.id;
    case 'attachment':
      return i.options.getAttachment(o.name)?.url;
  }
}

/** A new error id: short enough to read out, unique enough to find in the log. */
export function newErrorId(): string {
  return randomBytes(4).toString('hex');
}

/** An error for the log without interaction tokens (they sit in REST URLs and are credentials for 15 minutes). */
export function describeError(err: unknown): Record<string, unknown> {
  const e = err as { name?: string; message?: string; code?: unknown; status?: unknown; method?: unknown; url?: unknown; stack?: string };
  const strip = (s: string) => redact(s).replace(/(\/(?:interactions\/\d+|webhooks\/\d+)\/)[^/?\s]+/g, '$1[token]');
  return {
    name: e?.name,
    message: typeof e?.message === 'string' ? strip(e.message) : String(err),
    ...(e?.code !== undefined ? { code: e.code } : {}),
    ...(e?.status !== undefined ? { status: e.status } : {}),
    ...(typeof e?.method === 'string' ? { method: e.method } : {}),
    ...(typeof e?.url === 'string' ? { path: strip(e.url.replace(/^https?:\/\/[^/]+/, '')) } : {}),
    ...(e?.stack ? { stack: strip(e.stack) } : {}),
  };
}

function toReply(r: DiscordReply): InteractionReplyOptions {
  return {
    content: r.content,
    embeds: r.embeds,
    components: r.components,
    allowedMentions: r.allowedMentions,
    ...(r.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/**
 * An edit. Filling a deferred reply is its first showing, so its mention may ping; any later edit
 * (paging) keeps the mention visible but pings nobody again.
 */
function toEdit(r: DiscordReply, firstShowing = false): InteractionUpdateOptions {
  return {
    content: r.content,
    embeds: r.embeds,
    components: r.components,
    allowedMentions: firstShowing ? r.allowedMentions : { parse: [] },
  };
}

/**
 * Sends once more when the connection was found closed: undici fails a request on a keep-alive
 * socket the server had already closed ("other side closed") before the server saw it, and
 * @discordjs/rest retries only ECONNRESET. One retry; anything else is the caller's to handle.
 */
async function send<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'UND_ERR_SOCKET') throw err;
    return f();
  }
}

/** A discord.js interaction as a port: the gateway's way in. */
export function gatewayPort(i: Interaction): InteractionPort {
  const kind = i.isAutocomplete()
    ? 'autocomplete'
    : i.isChatInputCommand() || i.isMessageContextMenuCommand()
      ? 'command'
      : i.isButton()
        ? 'button'
        : 'other';
  return {
    id: i.id,
    kind,
    name: i.isCommand() || i.isAutocomplete() ? i.commandName : i.isButton() ? i.customId : '',
    guildId: i.guildId ?? undefined,
    userId: i.user.id,
    createdTimestamp: i.createdTimestamp,
    get deferred() {
      return i.isRepliable() && i.deferred;
    },
    get replied() {
      return i.isRepliable() ? i.replied : i.isAutocomplete() && i.responded;
    },
    hasPermission: (bits) => Boolean(i.memberPermissions?.has(bits)),
    hasRole: (roleId) => {
      const roles = i.member?.roles;
      // A cached member has a role manager; one sent with the interaction only its role ids.
      return Array.isArray(roles) ? roles.includes(roleId) : Boolean(roles?.cache.has(roleId));
    },
    subcommand: () => (i.isChatInputCommand() ? i.options.getSubcommand(false) : null),
    option: (o) => (i.isChatInputCommand() ? optionValue(i, o) : undefined),
    focused: () => {
      if (!i.isAutocomplete()) return { name: '', value: '' };
      const f = i.options.getFocused(true);
      return { name: f.name, value: String(f.value ?? '') };
    },
    message: () =>
      i.isButton()
        ? { content: i.message.content ?? '', ephemeral: i.message.flags.has(MessageFlags.Ephemeral) }
        : { content: '', ephemeral: false },
    targetMessage: () => (i.isMessageContextMenuCommand() ? (i.targetMessage.content ?? '') : undefined),
    reply: async (r) => {
      if (i.isRepliable()) await send(() => i.reply(toReply(r)));
    },
    defer: async (ephemeral) => {
      if (i.isRepliable()) await send(() => i.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {}));
    },
    edit: async (r, firstShowing) => {
      if (i.isRepliable()) await send(() => i.editReply(toEdit(r, firstShowing)));
    },
    update: async (r) => {
      if (i.isButton()) await send(() => i.update(toEdit(r)));
    },
    respond: async (choices) => {
      if (i.isAutocomplete()) await send(() => i.respond(choices));
    },
  };
}

export class InteractionHandler {
  constructor(private readonly deps: InteractionDeps) {}

  /** Never throws: whatever happens, the interaction is answered or the failure is logged with its id. */
  async handle(interaction: Interaction | InteractionPort): Promise<void> {
    const i = 'kind' in interaction ? interaction : gatewayPort(interaction);
    const started = Date.now();
    try {
      if (i.kind === 'autocomplete') await this.autocomplete(i);
      else if (i.kind === 'command') await this.command(i);
      else if (i.kind === 'button') await this.button(i);
      else return;
      this.deps.log.debug({ interactionId: i.id, kind: i.kind, ms: Date.now() - started }, 'interaction answered');
    } catch (err) {
      await this.fail(i, err);
    }
  }

  /** Waited in a queue (a burst, a busy process): Discord's 3 s are partly spent already. */
  private isLate(i: InteractionPort): boolean {
    return Date.now() - i.createdTimestamp > this.deps.lateAfterMs;
  }

  private async shouldDefer(def: CommandDef, i: InteractionPort): Promise<boolean> {
    if (def.defer === 'always' || this.isLate(i)) return true;
    if (def.defer === 'auto' || def.answers) {
      const { app } = this.deps;
      // The summary is read once per store (kept by it), so this costs no search.
      return app.status.reloading || (await app.store.summary()).documents > this.deps.largeCorpusDocs;
    }
    return false;
  }

  private async command(i: InteractionPort): Promise<void> {
    const { app, cooldown } = this.deps;
    const target = i.targetMessage();
    const command = target === undefined ? findCommand(i.name, app.commands) : findMessageMenu(i.name, app.commands);
    if (!command) {
      await i.reply(renderNotice(MARKS.error, `/${i.name.slice(0, 32)} is not a command of this bot any more. Try /help.`));
      return;
    }
    const def = command.definition;
    if (!this.allowed(def, i)) {
      const role = def.roleGrants && this.deps.addRoleId ? ` or the <@&${this.deps.addRoleId}> role` : '';
      await i.reply(renderNotice(MARKS.error, `/${def.name} needs the ${permissionName(def.memberPermission!)} permission${role}.`));
      return;
    }
    const wait = cooldown.take(i.userId);
    if (wait > 0) {
      const s = Math.ceil(wait / 1000);
      await i.reply(renderNotice(MARKS.wait, `One moment: you can ask again in ${s} second${s === 1 ? '' : 's'}.`));
      return;
    }
    const asked = target === undefined ? readCommand(def, i) : readMenuCommand(def, target);
    if (await this.shouldDefer(def, i)) await i.defer(asked.ephemeral);
    const answer = await this.run(i, command, asked);
    const reply = renderDiscord(answer, {
      question: asked.question,
      mention: asked.mention,
      ephemeral: asked.ephemeral,
      // Found from a message for the asker alone: a button lets them show it to the channel.
      shareable: target !== undefined,
    });
    if (i.deferred) await i.edit(reply, true);
    else await i.reply(reply);
  }

  private allowed(def: CommandDef, i: InteractionPort): boolean {
    if (!def.memberPermission || i.hasPermission(permissionBits(def.memberPermission))) return true;
    return Boolean(def.roleGrants && this.deps.addRoleId && i.hasRole(this.deps.addRoleId));
  }

  /** Runs the handler; one that is still busy after `deferAfterMs` gets the interaction deferred meanwhile. */
  private async run(i: InteractionPort, command: Command, asked: AskedCommand): Promise<Answer> {
    // Handlers are synchronous work. In a burst, every interaction arrives before the first is
    // answered: yielding here lets each one's turn come in order, and one whose turn comes late
    // is acknowledged before its work runs, instead of all being judged fresh on arrival.
    await new Promise((resolve) => setImmediate(resolve));
    if (!i.deferred && this.isLate(i)) await i.defer(asked.ephemeral);
    const ctx = this.deps.app.context({ guildId: i.guildId, userId: i.userId });
    const work = Promise.resolve().then(() => runCommand(ctx, command, asked.args, asked.query));
    // Marked handled: if the defer below fails first, this rejection has no other reader.
    work.catch(() => undefined);
    if (i.deferred) return work;
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<'slow'>((resolve) => {
      timer = setTimeout(() => resolve('slow'), this.deps.deferAfterMs);
    });
    try {
      // A failure surfaces through `return work` below; the race must not leave a second rejection unhandled.
      const first = await Promise.race([
        work.then(
          () => 'done' as const,
          () => 'done' as const,
        ),
        slow,
      ]);
      if (first === 'slow') await i.defer(asked.ephemeral);
    } finally {
      clearTimeout(timer);
    }
    return work;
  }

  private async autocomplete(i: InteractionPort): Promise<void> {
    const command = findCommand(i.name, this.deps.app.commands);
    const focused = i.focused();
    let choices: Choice[] = [];
    try {
      if (command?.autocomplete) {
        choices = renderChoices(await command.autocomplete(this.deps.app.context({ guildId: i.guildId }), focused.name, focused.value));
      }
    } catch (err) {
      // Suggestions are a convenience: a failure logs and offers none, the command still works.
      this.deps.log.error({ interactionId: i.id, command: i.name, err: describeError(err) }, 'autocomplete failed');
    }
    await i.respond(choices);
  }

  private async button(i: InteractionPort): Promise<void> {
    const share = parseShareCustomId(i.name);
    if (share) return this.share(i, share.command);
    const target = parsePageCustomId(i.name);
    const message = i.message();
    const question = questionFromContent(message.content);
    const parsed = question ? parseLine(question, this.deps.app.commands) : undefined;
    if (!target || !parsed || 'error' in parsed || parsed.command.definition.name !== target.command) {
      await i.reply(renderNotice(MARKS.warning, 'This button no longer works; ask again with the command.'));
      return;
    }
    const answer = await runCommand(this.deps.app.context({ guildId: i.guildId }), parsed.command, parsed.args, parsed.query);
    const reply = renderDiscord(answer, {
      question,
      page: target.page,
      mention: mentionFromContent(message.content),
      ephemeral: message.ephemeral,
      // A private answer found from a message keeps its share button while paging.
      shareable: message.ephemeral && parsed.command.definition.messageMenu !== undefined,
    });
    await i.update(reply);
  }

  /**
   * The answer of an ephemeral reply, posted for the channel: asked again from the question the
   * message carries (stateless, like paging), as a new reply everyone sees.
   */
  private async share(i: InteractionPort, commandName: string): Promise<void> {
    const question = questionFromContent(i.message().content);
    const parsed = question ? parseLine(question, this.deps.app.commands) : undefined;
    if (!parsed || 'error' in parsed || parsed.command.definition.name !== commandName) {
      await i.reply(renderNotice(MARKS.warning, 'This button no longer works; ask again.'));
      return;
    }
    const answer = await runCommand(
      this.deps.app.context({ guildId: i.guildId, userId: i.userId }),
      parsed.command,
      parsed.args,
      parsed.query,
    );
    await i.reply(renderDiscord(answer, { question, ephemeral: false, sharedBy: i.userId }));
  }

  private async fail(i: InteractionPort, err: unknown): Promise<void> {
    const errorId = newErrorId();
    this.deps.log.error(
      { errorId, interactionId: i.id, command: i.name, err: describeError(err) },
      `interaction failed (error id ${errorId})`,
    );
    if (i.kind === 'autocomplete') {
      if (!i.replied) await i.respond([]).catch(() => undefined);
      return;
    }
    if (i.kind === 'other') return;
    const reply = renderFailure(errorId);
    try {
      if (i.deferred || i.replied) await i.edit(reply, false);
      else await i.reply(reply);
    } catch (replyErr) {
      this.deps.log.error(
        { errorId, interactionId: i.id, err: describeError(replyErr) },
        'could not send the error reply; the interaction stays unanswered',
      );
    }
  }
}
