/**
 * Replicas in HTTP interactions mode for end-to-end tests: each a separate `npm start` process
 * (INTERACTIONS_PORT) signed to by the test as Discord would, with Ed25519.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const INTERACTIONS_PATH = '/discord/interactions';
const keys = generateKeyPairSync('ed25519');
/** The raw 32-byte key in hex, as the developer portal shows it: the end of its SPKI encoding. */
export const PUBLIC_KEY = keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

export interface Replica {
  name: string;
  port: number;
  child: ChildProcess;
  exit: Promise<number | null>;
  stderr: () => string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export function signedHeaders(raw: string, ts = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = sign(null, Buffer.from(`${ts}${raw}`), keys.privateKey).toString('hex');
  return { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': String(ts) };
}

/** POSTs an interaction to a replica, signed unless `headers` says otherwise. */
export async function post(r: Replica, body: unknown, headers?: (raw: string) => Record<string, string>) {
  const raw = JSON.stringify(body);
  const res = await fetch(`http://127.0.0.1:${r.port}${INTERACTIONS_PATH}`, {
    method: 'POST',
    body: raw,
    headers: (headers ?? signedHeaders)(raw),
  });
  return { status: res.status, json: await res.json() };
}

export async function until<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts `src/main.ts` with the given environment; resolves once it serves /healthz. */
export async function startReplica(name: string, env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  // node --import tsx, not the tsx binary: the pid is then the bot's own, so a kill is a real crash.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, INTERACTIONS_PATH, DISCORD_PUBLIC_KEY: PUBLIC_KEY, ...env, INTERACTIONS_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const r: Replica = { name, port, child, exit, stderr: () => err };
  try {
    await until(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok, `${name} to serve /healthz`);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${err}`, { cause: e });
  }
  return r;
}

/** Kills what is still running and waits for every exit. */
export async function stopReplicas(replicas: Replica[]): Promise<void> {
  for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  await Promise.all(replicas.map((r) => r.exit));
}
