/**
 * An interaction that Discord POSTed to the Interactions Endpoint URL, as the one
 * InteractionHandler sees it. The first response (a reply, a deferral, an update or autocomplete
 * choices) goes back in the HTTP response; what comes after it (filling a deferred reply, an error
 * after a reply) is an edit of the original message over REST, as Discord requires.
 */
import type { OptionDef } from '../../commands/types.js';
import type { DiscordReply } from '../../render/discord.js';
import type { Choice } from '../../types.js';
import type { InteractionPort } from '../discord/interactions.js';

/** Discord's interaction JSON, the fields factdesk reads. */
export interface RawInteraction {
  id: string;
  application_id: string;
  /** 1 ping, 2 command, 3 component, 4 autocomplete. */
  type: number;
  token: string;
  guild_id?: string;
  data?: {
    name?: string;
    custom_id?: string;
    options?: RawOption[];
    /** 1 slash command, 3 message context-menu command. */
    type?: number;
    /** The message a context-menu command was used on. */
    target_id?: string;
    /** Objects the options refer to by id (attachments: their `url`; the target message). */
    resolved?: {
      attachments?: Record<string, { url?: string; filename?: string }>;
      messages?: Record<string, { content?: string }>;
    };
  };
  member?: { user?: { id: string }; permissions?: string; roles?: string[] };
  user?: { id: string };
  message?: { content?: string; flags?: number };
}

interface RawOption {
  name: string;
  /** 1 subcommand, 2 group, 3 string, 4 integer, 5 boolean, 6 user, 7 channel, … */
  type: number;
  value?: string | number | boolean;
  options?: RawOption[];
  focused?: boolean;
}

/** The callback Discord expects in the HTTP response. */
export interface Callback {
  type: number;
  data?: unknown;
}

/** REST calls after the first response: only the webhook edit of the original message. */
export interface FollowUps {
  editOriginal(applicationId: string, token: string, body: unknown): Promise<void>;
}

const EPHEMERAL = 64;
const ADMINISTRATOR = 8n;
const DISCORD_EPOCH = 1_420_070_400_000n;

/** A reply as Discord's API takes it; only a first showing may ping the user it points at. */
export function apiMessage(r: DiscordReply, firstShowing: boolean): Record<string, unknown> {
  return {
    content: r.content,
    embeds: r.embeds,
    components: r.components,
    allowed_mentions: firstShowing ? r.allowedMentions : { parse: [] },
    ...(r.ephemeral ? { flags: EPHEMERAL } : {}),
  };
}

export class HttpPort implements InteractionPort {
  readonly kind: InteractionPort['kind'];
  readonly name: string;
  readonly guildId?: string;
  readonly userId: string;
  readonly createdTimestamp: number;
  deferred = false;
  replied = false;
  private answered = false;
  /** The options of the command or of its subcommand. */
  private readonly options: RawOption[];
  private readonly sub: string | null;

  constructor(
    private readonly raw: RawInteraction,
    /** Sends the HTTP response; called once. */
    private readonly answer: (cb: Callback) => void,
    private readonly rest: FollowUps,
  ) {
    this.kind = raw.type === 2 ? 'command' : raw.type === 4 ? 'autocomplete' : raw.type === 3 ? 'button' : 'other';
    this.name = String((raw.type === 3 ? raw.data?.custom_id : raw.data?.name) ?? '');
    if (raw.guild_id) this.guildId = raw.guild_id;
    this.userId = raw.member?.user?.id ?? raw.user?.id ?? '';
    this.createdTimestamp = /^\d{1,20}$/.test(raw.id) ? Number((BigInt(raw.id) >> 22n) + DISCORD_EPOCH) : Date.now();
    const top = raw.data?.options ?? [];
    const sub = top.find((o) => o.type === 1);
    this.sub = sub?.name ?? null;
    this.options = sub ? (sub.options ?? []) : top;
  }

  get id(): string {
    return this.raw.id;
  }

  hasPermission(bits: bigint): boolean {
    const p = this.raw.member?.permissions;
    if (!p || !/^\d+$/.test(p)) return false;
    const have = BigInt(p);
    return (have & ADMINISTRATOR) === ADMINISTRATOR || (have & bits) === bits;
  }

  hasRole(roleId: string): boolean {
    return Array.isArray(this.raw.member?.roles) && this.raw.member.roles.includes(roleId);
  }

  subcommand(): string | null {
    return this.sub;
  }

  option(o: OptionDef): string | number | boolean | undefined {
    const v = this.options.find((x) => x.name === o.name)?.value;
    if (v === undefined || v === null) return undefined;
    if (o.type === 'integer') return typeof v === 'number' ? v : undefined;
    if (o.type === 'boolean') return typeof v === 'boolean' ? v : undefined;
    // An attachment option carries the attachment's id; its address is among the resolved objects.
    if (o.type === 'attachment') return this.raw.data?.resolved?.attachments?.[String(v)]?.url;
    // Strings, and users and channels by id.
    return String(v);
  }

  focused(): { name: string; value: string } {
    const f = this.options.find((x) => x.focused);
    return { name: f?.name ?? '', value: String(f?.value ?? '') };
  }

  message(): { content: string; ephemeral: boolean } {
    const m = this.raw.message;
    return { content: m?.content ?? '', ephemeral: ((m?.flags ?? 0) & EPHEMERAL) !== 0 };
  }

  targetMessage(): string | undefined {
    const d = this.raw.data;
    if (this.raw.type !== 2 || d?.type !== 3 || !d.target_id) return undefined;
    return d.resolved?.messages?.[d.target_id]?.content ?? '';
  }

  /** Sends the first response; a second one is refused (Discord accepts only one). */
  private first(cb: Callback): Promise<void> {
    if (this.answered) return Promise.reject(new Error('this interaction was already answered'));
    this.answered = true;
    this.answer(cb);
    return Promise.resolve();
  }

  reply(r: DiscordReply): Promise<void> {
    return this.first({ type: 4, data: apiMessage(r, true) }).then(() => {
      this.replied = true;
    });
  }

  defer(ephemeral: boolean): Promise<void> {
    return this.first({ type: 5, data: ephemeral ? { flags: EPHEMERAL } : {} }).then(() => {
      this.deferred = true;
    });
  }

  async edit(r: DiscordReply, firstShowing: boolean): Promise<void> {
    if (!this.answered) return this.reply(r);
    await this.rest.editOriginal(this.raw.application_id, this.raw.token, apiMessage(r, firstShowing));
  }

  update(r: DiscordReply): Promise<void> {
    // The message keeps the flags it has; an update cannot change them.
    const { flags: _flags, ...message } = apiMessage(r, false);
    return this.first({ type: 7, data: message }).then(() => {
      this.replied = true;
    });
  }

  respond(choices: Choice[]): Promise<void> {
    return this.first({ type: 8, data: { choices } }).then(() => {
      this.replied = true;
    });
  }
}
