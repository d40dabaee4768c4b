/**
 * HTTP interactions mode (`INTERACTIONS_PORT`): Discord POSTs each interaction to the
 * Interactions Endpoint URL instead of sending it over a gateway connection, so any number of
 * replicas can sit behind a load balancer. Each request's Ed25519 signature is checked on the raw
 * bytes before anything is parsed (401 otherwise); PING is answered with PONG; commands,
 * autocomplete and buttons go through the same InteractionHandler and renderers as the gateway.
 * `GET /healthz` says whether the corpus is loaded. Digests are posted over REST.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST, Routes } from 'discord.js';
import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import { restPoster, startDigest, type DigestHook } from '../../digest/discord.js';
import { startFeeds } from '../../feeds/scheduler.js';
import { child } from '../../log.js';
import { LARGE_CORPUS_DOCS } from '../discord/bot.js';
import { Cooldown } from '../discord/cooldown.js';
import { describeError, InteractionHandler } from '../discord/interactions.js';
import { HttpPort, type Callback, type FollowUps, type RawInteraction } from './port.js';
import { publicKeyFromHex, verifyInteraction } from './verify.js';

const log = child('http');

/** Interaction payloads are a few KB; anything far larger is not Discord. */
const MAX_BODY_BYTES = 1 << 20;
/** Discord waits 3 s for the first response; the handler defers well before (see InteractionDeps). */
const RESPONSE_TIMEOUT_MS = 2_900;

export interface InteractionsServer {
  /** The port listened on (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

export interface HttpModeOptions {
  /** Overrides for tests; defaults as on the gateway. */
  deferAfterMs?: number;
  lateAfterMs?: number;
  host?: string;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

/** Starts the endpoint and, with a bot token, the digest over REST. */
export async function startHttpMode(app: App, config: Config, opts: HttpModeOptions = {}): Promise<InteractionsServer> {
  if (!config.discordPublicKey) throw new Error('DISCORD_PUBLIC_KEY is not set.');
  const key = publicKeyFromHex(config.discordPublicKey);
  const path = config.interactionsPath;
  const rest = new REST({ ...(config.discordApi ? { api: config.discordApi } : {}) });
  if (config.discordToken) rest.setToken(config.discordToken);
  const followUps: FollowUps = {
    async editOriginal(applicationId, token, body) {
      await rest.patch(Routes.webhookMessage(applicationId, token, '@original'), { body, auth: false });
    },
  };
  const handler = new InteractionHandler({
    app,
    cooldown: new Cooldown(config.cooldownSeconds),
    log,
    largeCorpusDocs: LARGE_CORPUS_DOCS,
    deferAfterMs: opts.deferAfterMs ?? 2_000,
    lateAfterMs: opts.lateAfterMs ?? 1_000,
    addRoleId: config.addRoleId,
  });

  async function interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (!body) return sendJson(res, 413, { error: 'request too large' });
    const verdict = verifyInteraction(
      key,
      req.headers['x-signature-ed25519'] as string | undefined,
      req.headers['x-signature-timestamp'] as string | undefined,
      body,
    );
    if (verdict !== 'ok') {
      log.warn({ verdict }, 'interaction refused: bad signature');
      return sendJson(res, 401, { error: verdict === 'stale' ? 'stale request' : 'invalid request signature' });
    }
    let raw: RawInteraction;
    try {
      raw = JSON.parse(body.toString('utf8')) as RawInteraction;
    } catch {
      return sendJson(res, 400, { error: 'body is not JSON' });
    }
    if (raw.type === 1) return sendJson(res, 200, { type: 1 });
    const response = new Promise<Callback | undefined>((resolve) => {
      const port = new HttpPort(raw, resolve, followUps);
      // The handler never rejects; when it ends without answering, there is nothing to send.
      void handler.handle(port).finally(() => resolve(undefined));
      setTimeout(() => resolve(undefined), RESPONSE_TIMEOUT_MS).unref();
    });
    const cb = await response;
    if (!cb) {
      log.error({ interactionId: raw.id }, 'interaction not answered in time');
      return sendJson(res, 500, { error: 'no response' });
    }
    sendJson(res, 200, cb);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let work: Promise<void>;
    if (req.method === 'GET' && url.pathname === '/healthz') {
      const s = app.status;
      work = app.store.summary().then((summary) =>
        sendJson(res, 200, {
          ok: true,
          corpus: 'loaded',
          documents: summary.documents,
          reloading: s.reloading,
          generation: app.generation,
        }),
      );
    } else if (req.method === 'POST' && url.pathname === path) work = interaction(req, res);
    else work = Promise.resolve(sendJson(res, 404, { error: 'not found' }));
    work.catch((err) => {
      log.error({ err: describeError(err) }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    });
  });
  server.listen(config.interactionsPort, opts.host ?? '0.0.0.0');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port, path }, `serving Discord interactions on port ${port} at ${path}`);

  let digest: DigestHook | undefined;
  if (config.discordToken) {
    digest = await startDigest(app, restPoster(rest), {
      stateDir: config.stateDir,
      databaseUrl: config.databaseUrl,
      claimTimeoutMs: config.digestClaimTimeoutSeconds * 1000,
      watch: config.watch,
    });
  } else log.warn('no DISCORD_TOKEN: the daily digest is off (it posts to channels with the bot token)');
  // Every replica polls; each feed's poll is claimed first, so it runs once whichever gets there.
  const feeds = await startFeeds(app, config);

  return {
    port,
    async close() {
      await feeds?.stop();
      await digest?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
