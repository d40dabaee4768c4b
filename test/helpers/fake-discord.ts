/**
 * A fake Discord on 127.0.0.1 — REST (HTTP) and the gateway (WebSocket) — that the real
 * discord.js `Client` connects to, so end-to-end tests drive the bot the way Discord would
 * without mocking the library. See ../shared/notes/fake-discord.md for the handshake it follows.
 *
 * Usage:
 *
 *     const fake = new FakeDiscord();           // options: token, appId, guildId, channelId, …
 *     await fake.start();                       // random port; fake.apiUrl = http://127.0.0.1:PORT/api
 *     // start the bot with DISCORD_API = fake.apiUrl, DISCORD_TOKEN = fake.token
 *     await fake.waitForReady();                // the client identified and got READY + GUILD_CREATE
 *     const reply = await fake.interact({ name: 'search', options: { words: 'border' } });
 *     reply.message.embeds[0].title;            // what the user finally sees
 *     const page2 = await fake.clickButton(reply.message.components[0].components[1].custom_id, reply);
 *     const choices = await fake.autocomplete({ name: 'who', options: { name: 'Asi' }, focused: 'name' });
 *     fake.closeGatewaySocket();                // code 4000: the client reconnects and RESUMEs
 *     fake.channelPosts;                        // bodies of POST /channels/:id/messages
 *     // teardown, in this order: await client.destroy() (or stop the bot), then
 *     await fake.stop();
 *
 * Options: a string, number (integer → type 4), boolean, `{ user: { id } }` (type 6, resolved
 * user and member included) or `{ channel: id }` (type 7); `subcommand: 'setup'` nests them;
 * `rawOptions` sends Discord's JSON as given. `permissions` sets the member's bit field
 * (`PERMISSIONS.manageGuild`, …); `user` sets who asks (per-user cooldowns key on its id).
 * `failRequests({ path, status, times })` makes matching REST calls fail; `requests` and
 * `unhandled` record every call; `registeredCommands` holds what deploy-commands PUT.
 *
 * Interactions are dispatched over the gateway; the bot's responses arrive over REST and are
 * collected per interaction token. `interact()` resolves once the user would see an answer: at
 * once for a message/update/autocomplete callback, after the first edit or follow-up for a
 * deferred one; it rejects when nothing arrives within `replyTimeoutMs` (an unanswered interaction).
 * Events dispatched while the gateway is down are queued and replayed after READY or RESUMED.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export type Json = any;

export interface FakeUser {
  id: string;
  username: string;
  global_name?: string | null;
  discriminator?: string;
  avatar?: string | null;
  bot?: boolean;
}

/** A message as the fake stores it (the body the bot sent, plus the fields Discord adds). */
export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: Json[];
  components: Json[];
  flags: number;
  allowed_mentions?: Json;
  [k: string]: unknown;
}

/** Everything the bot sent for one interaction. Live: later edits and follow-ups keep arriving. */
export interface InteractionReply {
  interactionId: string;
  token: string;
  /** The interaction's type: 2 command, 3 component, 4 autocomplete. */
  interactionType: number;
  /** The first callback's type: 4 message, 5 deferred message, 6 deferred update, 7 update, 8 autocomplete, 9 modal. */
  type: number;
  /** The first callback's `data`, as sent. */
  callback: Json;
  /** All callbacks (a second one is a bot bug that Discord rejects; the fake records it). */
  callbacks: { type: number; data: Json }[];
  deferred: boolean;
  /** Ephemeral (flag 64) as fixed by the first response. */
  ephemeral: boolean;
  /** The message the user finally sees (the reply, or the original after its latest edit). */
  message: FakeMessage;
  /** Bodies of PATCH …/messages/@original, in order. */
  edits: Json[];
  /** Follow-up messages (POST /webhooks/:app/:token), in order. */
  followUps: FakeMessage[];
  /** Autocomplete choices (callback type 8). */
  choices?: { name: string; value: string | number }[];
  /** ms from dispatch to the first callback. */
  firstResponseMs: number;
}

export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, percent-decoded (`/webhooks/1/tok/messages/@original`). */
  path: string;
  query: string;
  body: Json;
  /** The Authorization header (`Bot …` for authenticated routes; absent on interaction callbacks). */
  auth?: string;
  /** The status answered; -1 when the connection was dropped on purpose. */
  status: number;
}

export interface ChannelPost {
  channelId: string;
  body: Json;
  message: FakeMessage;
  auth?: string;
}

/** A file attached to a command: served by the fake at the attachment's url, as Discord's CDN would. */
export interface AttachmentInput {
  filename: string;
  bytes: Uint8Array;
  contentType?: string;
}

/** Option values for `interact`: strings, numbers, booleans, a user, a channel, or an attachment (type 11). */
export type OptionInput =
  string | number | boolean | { user: Partial<FakeUser> & { id: string } } | { channel: string } | { attachment: AttachmentInput };

/** What the fake serves outside its API (attachments, pages): a body, or a handler for anything else. */
export type Served = { body: Uint8Array; contentType: string } | ((req: IncomingMessage, res: ServerResponse) => void);

export interface InteractInput {
  /** The command's name. */
  name: string;
  /** Option values by name; the option type follows from the value (integer → 4, other number → 10). */
  options?: Record<string, OptionInput>;
  /** A subcommand: its options are `options`. */
  subcommand?: string;
  /** Raw `data.options` to send as they are (overrides `options`/`subcommand`). */
  rawOptions?: Json[];
  user?: Partial<FakeUser>;
  guildId?: string;
  channelId?: string;
  /** The member's permissions bit field as a decimal string (default: view, send, use commands). */
  permissions?: string;
  /** The member's role ids (default none). */
  roles?: string[];
  locale?: string;
  /** Override the reply timeout for this interaction. */
  timeoutMs?: number;
}

export interface AutocompleteInput extends Omit<InteractInput, 'options'> {
  options?: Record<string, string | number | boolean>;
  /** The option being typed. */
  focused: string;
}

export interface FakeChannel {
  id: string;
  name: string;
  type: number;
  guild_id?: string;
  [k: string]: unknown;
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
  /** Roles besides @everyone (members can be given them with `roles` on an interaction). */
  roles?: { id: string; name: string }[];
}

export interface FakeDiscordOptions {
  /** The bot token the client must IDENTIFY with (a wrong one is closed with 4004). */
  token?: string;
  appId?: string;
  /** The first guild and its first text channel. More with `addGuild`/`addChannel`. */
  guildId?: string;
  channelId?: string;
  botUser?: Partial<FakeUser>;
  /** Default user for interactions. */
  user?: Partial<FakeUser>;
  heartbeatIntervalMs?: number;
  /** How long `interact()` waits for an answer before rejecting. */
  replyTimeoutMs?: number;
}

export interface FailureRule {
  method?: string;
  /** Matched against the decoded path after /api/v10. */
  path: RegExp | string;
  /** The HTTP status to answer with (ignored with `dropConnection`). */
  status?: number;
  body?: Json;
  /** Close the connection without answering (the client sees "other side closed"). */
  dropConnection?: boolean;
  /** Never answer: the request stays in flight (e.g. while the process that sent it is killed). */
  hold?: boolean;
  /** How many matching requests fail (default 1). */
  times?: number;
}

/** Permission bits the tests need (decimal strings, as Discord sends them). */
export const PERMISSIONS = {
  /** ViewChannel | SendMessages | UseApplicationCommands */
  member: String((1n << 10n) | (1n << 11n) | (1n << 31n)),
  manageGuild: String((1n << 10n) | (1n << 11n) | (1n << 31n) | (1n << 5n)),
  administrator: String(1n << 3n),
} as const;

const EPHEMERAL = 1 << 6;
const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/** A fresh snowflake (time-ordered, unique within the process). */
export function snowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment);
}

interface Pending {
  reply: InteractionReply;
  dispatchedAt: number;
  channelId: string;
  resolve: (r: InteractionReply) => void;
  reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
  settled: boolean;
  /** For a button: the message it was clicked on. */
  clicked?: FakeMessage;
}

export class FakeDiscord {
  readonly token: string;
  readonly appId: string;
  readonly botUser: FakeUser;
  readonly defaultUser: FakeUser;
  readonly guilds: FakeGuild[] = [];
  /** Every REST request, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Requests to routes the fake does not know (answered 404): should stay empty. */
  readonly unhandled: RecordedRequest[] = [];
  /** Bodies of POST /channels/:id/messages. */
  readonly channelPosts: ChannelPost[] = [];
  /** Commands as last PUT, by scope: `global` or the guild id. */
  readonly registeredCommands = new Map<string, Json[]>();
  /** Every interaction's reply, by interaction id. */
  readonly replies = new Map<string, InteractionReply>();
  /** Gateway counters. */
  readonly gateway = { connections: 0, identifies: 0, resumes: 0, heartbeats: 0, closedByFake: 0 };
  /** IDENTIFY payloads as received (intents, properties; the token is replaced by `[token]`). */
  readonly identifyPayloads: Json[] = [];

  private readonly heartbeatIntervalMs: number;
  /** Paths served outside the API (attachments, pages). */
  private readonly served = new Map<string, Served>();
  private readonly attachmentIds = new Map<AttachmentInput, string>();
  private readonly replyTimeoutMs: number;
  private server?: http.Server;
  private wss?: WebSocketServer;
  private socket?: WebSocket;
  private socketReady = false;
  private sessionId = '';
  private seq = 0;
  private queue: Json[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly messages = new Map<string, FakeMessage>();
  private readonly failures: FailureRule[] = [];
  private readonly commandIds = new Map<string, string>();
  private readyWaiters: (() => void)[] = [];
  private port = 0;

  constructor(opts: FakeDiscordOptions = {}) {
    this.token = opts.token ?? `fake.${randomBytes(18).toString('base64url')}.token`;
    this.appId = opts.appId ?? '900000000000000001';
    this.botUser = {
      id: this.appId,
      username: 'factdesk',
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
      ...opts.botUser,
    };
    this.defaultUser = {
      id: '800000000000000001',
      username: 'reader',
      discriminator: '0',
      global_name: 'Reader',
      avatar: null,
      ...opts.user,
    };
    this.heartbeatIntervalMs = opts.heartbeatIntervalMs ?? 45_000;
    this.replyTimeoutMs = opts.replyTimeoutMs ?? 5_000;
    const guildId = opts.guildId ?? '700000000000000001';
    this.addGuild({ id: guildId, name: 'Newsroom' });
    this.addChannel(guildId, { id: opts.channelId ?? '710000000000000001', name: 'general', type: 0 });
  }

  /** `http://127.0.0.1:PORT/api` — what DISCORD_API / `rest.api` should be. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  get guildId(): string {
    return this.guilds[0].id;
  }

  get channelId(): string {
    return this.guilds[0].channels[0].id;
  }

  /** True while a client is connected and has been sent READY or RESUMED. */
  get connected(): boolean {
    return this.socketReady;
  }

  addGuild(g: { id: string; name: string }): FakeGuild {
    const guild: FakeGuild = { ...g, channels: [] };
    this.guilds.push(guild);
    return guild;
  }

  addChannel(guildId: string, c: { id: string; name: string; type?: number }): FakeChannel {
    const guild = this.guilds.find((g) => g.id === guildId);
    if (!guild) throw new Error(`no guild ${guildId}`);
    const channel: FakeChannel = {
      type: 0,
      position: guild.channels.length,
      permission_overwrites: [],
      nsfw: false,
      ...c,
      guild_id: guildId,
    };
    guild.channels.push(channel);
    return channel;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
    // Node closes idle keep-alive sockets after 5 s; a client whose event loop was busy longer
    // then reuses a closed socket ("other side closed"). Discord's edge keeps them far longer.
    this.server.keepAliveTimeout = 120_000;
    this.server.headersTimeout = 125_000;
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/gateway')) return socket.destroy();
      this.wss!.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Closes everything. Destroy the client first (see the notes), then call this. */
  async stop(): Promise<void> {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      if (!p.settled) {
        p.settled = true;
        p.reject(new Error(`fake Discord stopped before interaction ${p.reply.interactionId} was answered`));
      }
    }
    this.pending.clear();
    for (const ws of this.wss?.clients ?? []) ws.terminate();
    this.socket = undefined;
    this.socketReady = false;
    if (this.wss) await new Promise<void>((r) => this.wss!.close(() => r()));
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((r) => this.server!.close(() => r()));
    }
    this.wss = undefined;
    this.server = undefined;
  }

  /** Resolves when a client is connected and READY/RESUMED has been sent (at once if it is). */
  waitForReady(timeoutMs = 10_000): Promise<void> {
    if (this.socketReady) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no client became ready within ${timeoutMs} ms`)), timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Closes the gateway socket as Discord does when a connection drops. Code 4000 (unknown error)
   * lets the client RESUME; 1000 makes it IDENTIFY again.
   */
  closeGatewaySocket(code = 4000): void {
    this.gateway.closedByFake++;
    this.socketReady = false;
    this.socket?.close(code, 'closed by the fake');
    this.socket = undefined;
  }

  /** Makes matching REST requests fail with `status`, or drop the connection (e.g. to test that a failed reply is logged). */
  failRequests(rule: FailureRule): void {
    this.failures.push({ times: 1, ...rule });
  }

  /** Removes every failure rule not used up yet (held requests stay unanswered). */
  clearFailures(): void {
    this.failures.length = 0;
  }

  // ---------------------------------------------------------------- interactions

  /** The address at which the fake serves `path` (see `serve`). */
  fileUrl(path: string): string {
    return `http://127.0.0.1:${this.port}${path.startsWith('/') ? path : `/${path}`}`;
  }

  /**
   * Serves a body (or runs a handler) at a path outside the API, as Discord's CDN serves
   * attachments and any web server serves pages; returns its address.
   */
  serve(path: string, what: Served): string {
    this.served.set(path, what);
    return this.fileUrl(path);
  }

  /**
   * Uses a message context-menu command (right-click a message → Apps → `name`) on a message
   * with `content`; resolves with what the bot answered.
   */
  messageMenu(input: Omit<InteractInput, 'options'> & { content: string; author?: Partial<FakeUser> }): Promise<InteractionReply> {
    const channelId = input.channelId ?? this.channelId;
    const target: FakeMessage = {
      ...this.messageDefaults(channelId),
      content: input.content,
      author: { ...this.defaultUser, ...input.author },
    };
    const data: Json = {
      id: this.commandId(input.name),
      name: input.name,
      type: 3,
      target_id: target.id,
      resolved: { messages: { [target.id]: target } },
      guild_id: input.guildId ?? this.guildId,
    };
    return this.dispatchInteraction(2, data, input);
  }

  /** Sends a slash command; resolves with what the bot answered (see InteractionReply). */
  interact(input: InteractInput): Promise<InteractionReply> {
    const options = input.rawOptions ?? this.commandOptions(input);
    const resolved = this.resolvedFor(input.options);
    const data: Json = { id: this.commandId(input.name), name: input.name, type: 1, options, guild_id: input.guildId ?? this.guildId };
    if (resolved) data.resolved = resolved;
    return this.dispatchInteraction(2, data, input);
  }

  /** Sends an autocomplete interaction for `focused`; resolves with the choices. */
  async autocomplete(input: AutocompleteInput): Promise<{ name: string; value: string | number }[]> {
    const reply = await this.autocompleteReply(input);
    return reply.choices ?? [];
  }

  /** Like `autocomplete`, but resolves with the whole reply (timing, callback type). */
  autocompleteReply(input: AutocompleteInput): Promise<InteractionReply> {
    const opts = Object.entries(input.options ?? {}).map(([name, value]) => ({
      name,
      type: typeof value === 'boolean' ? 5 : typeof value === 'number' ? (Number.isInteger(value) ? 4 : 10) : 3,
      value,
      ...(name === input.focused ? { focused: true } : {}),
    }));
    if (!opts.some((o) => o.name === input.focused)) opts.push({ name: input.focused, type: 3, value: '', focused: true });
    const options = input.subcommand ? [{ name: input.subcommand, type: 1, options: opts }] : opts;
    const data = { id: this.commandId(input.name), name: input.name, type: 1, options, guild_id: input.guildId ?? this.guildId };
    return this.dispatchInteraction(4, data, input);
  }

  /**
   * Clicks a button on a message: `message` is a reply from `interact`/`clickButton` (its current
   * message is used) or a message object. Resolves with the bot's answer (usually an update).
   */
  clickButton(customId: string, message: InteractionReply | FakeMessage, input: Partial<InteractInput> = {}): Promise<InteractionReply> {
    const msg: FakeMessage = isReply(message) ? message.message : message;
    const full = { ...this.messageDefaults(msg.channel_id ?? this.channelId), ...msg };
    return this.dispatchInteraction(3, { custom_id: customId, component_type: 2 }, { name: '', ...input }, full);
  }

  /** Waits until `pred` holds over the channel posts (e.g. a digest post arrived). */
  async waitForChannelPost(pred: (p: ChannelPost) => boolean = () => true, timeoutMs = 5_000): Promise<ChannelPost> {
    const found = await this.waitFor(() => this.channelPosts.find(pred), timeoutMs);
    return found;
  }

  /** Polls `probe` until it returns something truthy, or rejects after `timeoutMs`. */
  async waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 5_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Interactions dispatched and not yet answered. */
  get unanswered(): number {
    let n = 0;
    for (const p of this.pending.values()) if (!p.settled) n++;
    return n;
  }

  private commandId(name: string): string {
    let id = this.commandIds.get(name);
    if (!id) {
      id = snowflake();
      this.commandIds.set(name, id);
    }
    return id;
  }

  private commandOptions(input: InteractInput): Json[] {
    const opts = Object.entries(input.options ?? {}).map(([name, v]) => {
      if (typeof v === 'string') return { name, type: 3, value: v };
      if (typeof v === 'boolean') return { name, type: 5, value: v };
      if (typeof v === 'number') return { name, type: Number.isInteger(v) ? 4 : 10, value: v };
      if ('user' in v) return { name, type: 6, value: v.user.id };
      if ('attachment' in v) return { name, type: 11, value: this.attachmentId(v.attachment) };
      return { name, type: 7, value: v.channel };
    });
    return input.subcommand ? [{ name: input.subcommand, type: 1, options: opts }] : opts;
  }

  /** The id an attachment gets (one per input object), its bytes served at its url. */
  private attachmentId(a: AttachmentInput): string {
    let id = this.attachmentIds.get(a);
    if (!id) {
      id = snowflake();
      this.attachmentIds.set(a, id);
      this.serve(`/attachments/${this.channelId}/${id}/${encodeURIComponent(a.filename)}`, {
        body: a.bytes,
        contentType: a.contentType ?? 'application/octet-stream',
      });
    }
    return id;
  }

  private resolvedFor(options: Record<string, OptionInput> | undefined): Json | undefined {
    const users: Record<string, Json> = {};
    const members: Record<string, Json> = {};
    const channels: Record<string, Json> = {};
    const attachments: Record<string, Json> = {};
    for (const v of Object.values(options ?? {})) {
      if (typeof v !== 'object') continue;
      if ('attachment' in v) {
        const id = this.attachmentId(v.attachment);
        const url = this.fileUrl(`/attachments/${this.channelId}/${id}/${encodeURIComponent(v.attachment.filename)}`);
        attachments[id] = {
          id,
          filename: v.attachment.filename,
          size: v.attachment.bytes.length,
          url,
          proxy_url: url,
          content_type: v.attachment.contentType ?? 'application/octet-stream',
        };
      } else if ('user' in v) {
        const u = { username: `user${v.user.id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null, ...v.user };
        users[u.id] = u;
        members[u.id] = { roles: [], joined_at: new Date().toISOString(), permissions: PERMISSIONS.member, flags: 0, pending: false };
      } else {
        const c = this.guilds.flatMap((g) => g.channels).find((ch) => ch.id === v.channel);
        channels[v.channel] = { id: v.channel, name: c?.name ?? 'channel', type: c?.type ?? 0, permissions: PERMISSIONS.member };
      }
    }
    if (!Object.keys(users).length && !Object.keys(channels).length && !Object.keys(attachments).length) return undefined;
    return { users, members, channels, attachments };
  }

  private dispatchInteraction(type: number, data: Json, input: Partial<InteractInput>, message?: FakeMessage): Promise<InteractionReply> {
    const id = snowflake();
    const token = `itok-${randomBytes(24).toString('base64url')}`;
    const guildId = input.guildId ?? this.guildId;
    const guild = this.guilds.find((g) => g.id === guildId) ?? this.guilds[0];
    const channelId = input.channelId ?? message?.channel_id ?? guild.channels[0].id;
    const channel = guild.channels.find((c) => c.id === channelId) ?? { id: channelId, name: 'channel', type: 0, guild_id: guild.id };
    const user = { ...this.defaultUser, ...input.user };
    const payload: Json = {
      id,
      application_id: this.appId,
      token,
      type,
      guild_id: guild.id,
      guild: { id: guild.id, locale: 'en-US', features: [] },
      channel,
      channel_id: channel.id,
      member: {
        user,
        roles: input.roles ?? [],
        joined_at: new Date().toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
        pending: false,
        permissions: input.permissions ?? PERMISSIONS.member,
      },
      app_permissions: PERMISSIONS.administrator,
      locale: input.locale ?? 'en-US',
      guild_locale: 'en-US',
      version: 1,
      entitlements: [],
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
      data,
    };
    if (message) payload.message = message;
    const reply: InteractionReply = {
      interactionId: id,
      token,
      interactionType: type,
      type: 0,
      callback: undefined,
      callbacks: [],
      deferred: false,
      ephemeral: false,
      message: { id: '', channel_id: channel.id, content: '', embeds: [], components: [], flags: 0 },
      edits: [],
      followUps: [],
      firstResponseMs: -1,
    };
    this.replies.set(id, reply);
    const timeoutMs = input.timeoutMs ?? this.replyTimeoutMs;
    return new Promise<InteractionReply>((resolve, reject) => {
      const p: Pending = { reply, dispatchedAt: Date.now(), channelId: channel.id, resolve, reject, settled: false, clicked: message };
      p.timer = setTimeout(() => {
        if (p.settled) return;
        p.settled = true;
        reject(new Error(`interaction ${id} (${data.name ?? data.custom_id}) was not answered within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(token, p);
      this.dispatch('INTERACTION_CREATE', payload);
    });
  }

  private settle(p: Pending): void {
    if (p.settled) return;
    p.settled = true;
    clearTimeout(p.timer);
    p.resolve(p.reply);
  }

  // ---------------------------------------------------------------- gateway

  private dispatch(t: string, d: Json): void {
    if (!this.socket || !this.socketReady) {
      this.queue.push({ t, d });
      return;
    }
    this.send(this.socket, { op: 0, t, s: ++this.seq, d });
  }

  private send(ws: WebSocket, payload: Json): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
  }

  private onConnection(ws: WebSocket): void {
    this.gateway.connections++;
    ws.on('error', () => undefined);
    ws.on('close', () => {
      if (this.socket === ws) {
        this.socket = undefined;
        this.socketReady = false;
      }
    });
    ws.on('message', (raw) => {
      let msg: Json;
      try {
        msg = JSON.parse(String(raw));
      } catch {
        ws.close(4002, 'decode error');
        return;
      }
      this.onGatewayMessage(ws, msg);
    });
    this.send(ws, { op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs }, s: null, t: null });
  }

  private onGatewayMessage(ws: WebSocket, msg: Json): void {
    switch (msg.op) {
      case 1:
        this.gateway.heartbeats++;
        this.send(ws, { op: 11, d: null, s: null, t: null });
        break;
      case 2: {
        this.gateway.identifies++;
        this.identifyPayloads.push({ ...msg.d, token: '[token]' });
        if (msg.d?.token !== this.token) {
          ws.close(4004, 'Authentication failed.');
          return;
        }
        this.socket = ws;
        this.sessionId = randomBytes(16).toString('hex');
        this.seq = 0;
        this.send(ws, {
          op: 0,
          t: 'READY',
          s: ++this.seq,
          d: {
            v: 10,
            user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0 },
            application: { id: this.appId, flags: 0 },
            session_id: this.sessionId,
            resume_gateway_url: this.gatewayUrl,
            shard: [0, 1],
            guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
            private_channels: [],
            relationships: [],
            user_settings: {},
            presences: [],
            guild_join_requests: [],
            geo_ordered_rtc_regions: [],
            _trace: ['fake-discord'],
          },
        });
        for (const g of this.guilds) this.send(ws, { op: 0, t: 'GUILD_CREATE', s: ++this.seq, d: this.guildCreate(g) });
        this.becomeReady();
        break;
      }
      case 6:
        if (msg.d?.token !== this.token || msg.d?.session_id !== this.sessionId) {
          this.send(ws, { op: 9, d: false, s: null, t: null });
          return;
        }
        this.gateway.resumes++;
        this.socket = ws;
        this.send(ws, { op: 0, t: 'RESUMED', s: ++this.seq, d: { _trace: ['fake-discord'] } });
        this.becomeReady();
        break;
      default:
        // Presence updates, member requests, voice: nothing the tests need.
        break;
    }
  }

  private becomeReady(): void {
    this.socketReady = true;
    const queued = this.queue;
    this.queue = [];
    for (const e of queued) this.dispatch(e.t, e.d);
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w();
  }

  private guildCreate(g: FakeGuild): Json {
    return {
      id: g.id,
      name: g.name,
      unavailable: false,
      owner_id: this.defaultUser.id,
      icon: null,
      splash: null,
      discovery_splash: null,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      features: [],
      mfa_level: 0,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: new Date().toISOString(),
      large: false,
      member_count: 2,
      roles: [
        {
          id: g.id,
          name: '@everyone',
          color: 0,
          hoist: false,
          position: 0,
          permissions: PERMISSIONS.member,
          managed: false,
          mentionable: false,
          flags: 0,
        },
        ...(g.roles ?? []).map((r, i) => ({
          ...r,
          color: 0,
          hoist: false,
          position: i + 1,
          permissions: '0',
          managed: false,
          mentionable: false,
          flags: 0,
        })),
      ],
      channels: g.channels.map((c) => ({ ...c })),
      members: [{ user: this.botUser, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }],
      emojis: [],
      stickers: [],
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // ---------------------------------------------------------------- REST

  private messageDefaults(channelId: string): FakeMessage {
    return {
      id: snowflake(),
      channel_id: channelId,
      type: 0,
      author: this.botUser,
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      flags: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
    };
  }

  /** A message built from a body the bot sent (only the fields a message has). */
  private toMessage(body: Json, channelId: string, base?: FakeMessage): FakeMessage {
    const m: FakeMessage = { ...(base ?? this.messageDefaults(channelId)) };
    if (!body) return m;
    for (const k of ['content', 'embeds', 'components', 'flags', 'allowed_mentions', 'tts', 'attachments', 'poll'] as const) {
      if (body[k] !== undefined) (m as Json)[k] = body[k];
    }
    if (m.content == null) m.content = '';
    if (base) m.edited_timestamp = new Date().toISOString();
    return m;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const served = this.served.get(url.pathname);
    if (served) {
      if (typeof served === 'function') return served(req, res);
      res.writeHead(200, { 'content-type': served.contentType, 'content-length': served.body.length }).end(served.body);
      return;
    }
    const raw = await readBody(req);
    const body = parseBody(raw, String(req.headers['content-type'] ?? ''));
    const path = decodeURIComponent(url.pathname).replace(/^\/api(\/v\d+)?/, '');
    const rec: RecordedRequest = { method: req.method ?? 'GET', path, query: url.search, body, auth: req.headers.authorization, status: 0 };
    this.requests.push(rec);
    const send = (status: number, payload?: Json) => {
      rec.status = status;
      if (payload === undefined) {
        res.writeHead(status).end();
      } else {
        const text = JSON.stringify(payload);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
      }
    };
    const fail = this.failures.find(
      (f) => (!f.method || f.method === rec.method) && (typeof f.path === 'string' ? path.includes(f.path) : f.path.test(path)),
    );
    if (fail) {
      if (--fail.times! <= 0) this.failures.splice(this.failures.indexOf(fail), 1);
      if (fail.dropConnection) {
        rec.status = -1;
        req.socket.destroy();
        return;
      }
      if (fail.hold) return;
      return send(fail.status ?? 500, fail.body ?? { message: 'Injected failure', code: 0 });
    }
    try {
      this.route(rec, url, send);
    } catch (err) {
      send(500, { message: `fake Discord: ${(err as Error).message}`, code: 0 });
    }
  }

  private route(rec: RecordedRequest, url: URL, send: (status: number, payload?: Json) => void): void {
    const { method, path, body } = rec;
    let m: RegExpExecArray | null;
    if (method === 'GET' && (path === '/gateway/bot' || path === '/gateway')) {
      return send(200, {
        url: `ws://127.0.0.1:${this.port}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      });
    }
    if (method === 'GET' && path === '/users/@me') return send(200, this.botUser);
    if (method === 'GET' && path === '/applications/@me')
      return send(200, { id: this.appId, name: 'factdesk', flags: 0, bot: this.botUser });
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      const scope = m[2] ?? 'global';
      if (method === 'PUT') {
        const list = (Array.isArray(body) ? body : []).map((c: Json) => ({
          id: this.commandId(c.name),
          application_id: m![1],
          ...(m![2] ? { guild_id: m![2] } : {}),
          version: snowflake(),
          type: 1,
          default_member_permissions: null,
          ...c,
        }));
        this.registeredCommands.set(scope, list);
        return send(200, list);
      }
      if (method === 'GET') return send(200, this.registeredCommands.get(scope) ?? []);
    }
    if (method === 'POST' && (m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      const p = this.pending.get(m[2]);
      if (!p || p.reply.interactionId !== m[1]) return send(404, { message: 'Unknown interaction', code: 10062 });
      const r = p.reply;
      if (r.callbacks.length > 0) return send(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      r.callbacks.push({ type: body?.type, data: body?.data });
      r.type = body?.type;
      r.callback = body?.data;
      r.firstResponseMs = Date.now() - p.dispatchedAt;
      r.ephemeral = Boolean((body?.data?.flags ?? 0) & EPHEMERAL);
      switch (r.type) {
        case 4:
          r.message = this.toMessage(body.data, p.channelId);
          this.messages.set(r.message.id, r.message);
          this.settle(p);
          break;
        case 5:
          r.deferred = true;
          r.message = this.toMessage({ flags: body?.data?.flags ?? 0 }, p.channelId);
          break;
        case 6: {
          r.deferred = true;
          const original = this.originalOf(p);
          if (original) r.message = { ...original };
          break;
        }
        case 7: {
          const original = this.originalOf(p);
          r.message = this.toMessage(body.data, p.channelId, original);
          if (original) this.messages.set(r.message.id, r.message);
          this.settle(p);
          break;
        }
        case 8:
          r.choices = body?.data?.choices ?? [];
          this.settle(p);
          break;
        default:
          this.settle(p);
      }
      if (url.searchParams.get('with_response') === 'true') {
        return send(200, { interaction: { id: r.interactionId, type: r.interactionType }, resource: { type: r.type, message: r.message } });
      }
      return send(204);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/.exec(path))) {
      const p = this.pending.get(m[2]);
      if (!p) return send(404, { message: 'Unknown Webhook', code: 10015 });
      const r = p.reply;
      const target = m[3] === '@original' ? r.message : r.followUps.find((f) => f.id === m![3]);
      if (!target) return send(404, { message: 'Unknown Message', code: 10008 });
      if (method === 'GET') return send(200, target);
      if (method === 'DELETE') return send(204);
      if (method === 'PATCH') {
        const edited = this.toMessage(body, p.channelId, target);
        if (m[3] === '@original') {
          r.edits.push(body);
          r.message = edited;
        } else {
          r.followUps[r.followUps.indexOf(target)] = edited;
        }
        this.messages.set(edited.id, edited);
        this.settle(p);
        return send(200, edited);
      }
    }
    if (method === 'POST' && (m = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path))) {
      const p = this.pending.get(m[2]);
      if (!p) return send(404, { message: 'Unknown Webhook', code: 10015 });
      const msg = this.toMessage(body, p.channelId);
      p.reply.followUps.push(msg);
      this.messages.set(msg.id, msg);
      this.settle(p);
      return send(200, msg);
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      if (!this.findChannel(m[1])) return send(404, { message: 'Unknown Channel', code: 10003 });
      const msg = this.toMessage(body, m[1]);
      this.messages.set(msg.id, msg);
      this.channelPosts.push({ channelId: m[1], body, message: msg, auth: rec.auth });
      return send(200, msg);
    }
    if ((m = /^\/channels\/(\d+)$/.exec(path)) && method === 'GET') {
      const c = this.findChannel(m[1]);
      return c ? send(200, c) : send(404, { message: 'Unknown Channel', code: 10003 });
    }
    if ((m = /^\/guilds\/(\d+)$/.exec(path)) && method === 'GET') {
      const g = this.guilds.find((x) => x.id === m![1]);
      return g ? send(200, this.guildCreate(g)) : send(404, { message: 'Unknown Guild', code: 10004 });
    }
    if ((m = /^\/guilds\/(\d+)\/channels$/.exec(path)) && method === 'GET') {
      const g = this.guilds.find((x) => x.id === m![1]);
      return g ? send(200, g.channels) : send(404, { message: 'Unknown Guild', code: 10004 });
    }
    this.unhandled.push(rec);
    send(404, { message: '404: Not Found (fake Discord has no such route)', code: 0 });
  }

  /** A component interaction's original is the message the button sits on. */
  private originalOf(p: Pending): FakeMessage | undefined {
    return p.clicked;
  }

  private findChannel(id: string): FakeChannel | undefined {
    return this.guilds.flatMap((g) => g.channels).find((c) => c.id === id);
  }
}

function isReply(x: InteractionReply | FakeMessage): x is InteractionReply {
  return typeof (x as InteractionReply).interactionId === 'string' && typeof (x as InteractionReply).token === 'string';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, type: string): Json {
  if (!raw) return undefined;
  if (type.includes('multipart/form-data')) {
    // Files make discord.js send multipart; the JSON part is `payload_json`.
    const m = /name="payload_json"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)\r?\n--/.exec(raw);
    try {
      return m ? JSON.parse(m[1]) : { multipart: raw.length };
    } catch {
      return { multipart: raw.length };
    }
  }
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
