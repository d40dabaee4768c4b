/**
 * HTTP interactions in one process: signatures checked on the raw bytes (good, tampered, unsigned,
 * malformed, stale, from the future), and the port's responses — the first in the HTTP response,
 * a deferred answer filled by a REST edit of the original message.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderNotice } from '../../../src/render/discord.js';
import { HttpPort, type Callback, type RawInteraction } from '../../../src/send/http/port.js';
import { MAX_AGE_MS, publicKeyFromHex, verifyInteraction } from '../../../src/send/http/verify.js';

const pair = generateKeyPairSync('ed25519');
const hex = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const key = publicKeyFromHex(hex);
const other = generateKeyPairSync('ed25519');

function signed(body: string, ts: number, k = pair.privateKey): string {
  return sign(null, Buffer.from(`${ts}${body}`), k).toString('hex');
}

describe('verifyInteraction', () => {
  const now = 1_790_000_000_000;
  const ts = now / 1000;
  const body = '{"type":1,"id":"77"}';

  it('accepts the exact bytes signed with the application key, within five minutes either way', () => {
    expect(verifyInteraction(key, signed(body, ts), String(ts), Buffer.from(body), now)).toBe('ok');
    const early = ts - MAX_AGE_MS / 1000 + 1;
    expect(verifyInteraction(key, signed(body, early), String(early), Buffer.from(body), now)).toBe('ok');
  });

  it('refuses a changed body, another key, a changed timestamp, garbage and missing headers', () => {
    expect(verifyInteraction(key, signed(body, ts), String(ts), Buffer.from(body.replace('77', '78')), now)).toBe('bad-signature');
    expect(verifyInteraction(key, signed(body, ts, other.privateKey), String(ts), Buffer.from(body), now)).toBe('bad-signature');
    expect(verifyInteraction(key, signed(body, ts), String(ts + 1), Buffer.from(body), now)).toBe('bad-signature');
    expect(verifyInteraction(key, 'zz'.repeat(64), String(ts), Buffer.from(body), now)).toBe('bad-signature');
    expect(verifyInteraction(key, undefined, String(ts), Buffer.from(body), now)).toBe('missing');
    expect(verifyInteraction(key, signed(body, ts), undefined, Buffer.from(body), now)).toBe('missing');
  });

  it('refuses a correctly signed request older than five minutes, or as far in the future', () => {
    for (const t of [ts - 301, ts + 301]) expect(verifyInteraction(key, signed(body, t), String(t), Buffer.from(body), now)).toBe('stale');
  });

  it('a public key that is not 64 hex digits is refused', () => {
    expect(() => publicKeyFromHex('abc')).toThrow(/64 hex digits/);
  });
});

describe('HttpPort', () => {
  const raw: RawInteraction = {
    id: '1300000000000000000',
    application_id: '555',
    type: 2,
    token: 'tok',
    guild_id: '9',
    member: { user: { id: '31' }, permissions: String(1n << 5n) },
    data: { name: 'digest', options: [{ name: 'setup', type: 1, options: [{ name: 'time', type: 3, value: '07:15' }] }] },
  };

  it('reads the subcommand, its options, the member’s permissions and when it was created', () => {
    const p = new HttpPort(raw, () => undefined, { editOriginal: () => Promise.resolve() });
    expect(p.kind).toBe('command');
    expect(p.subcommand()).toBe('setup');
    expect(p.option({ name: 'time', description: '', type: 'string' })).toBe('07:15');
    expect(p.option({ name: 'channel', description: '', type: 'channel' })).toBeUndefined();
    expect(p.hasPermission(1n << 5n)).toBe(true);
    expect(p.hasPermission(1n << 4n)).toBe(false);
    expect(p.userId).toBe('31');
    // Discord's documented example: snowflake 175928847299117063 was made at 2016-04-30T11:18:25.796Z.
    const q = new HttpPort({ ...raw, id: '175928847299117063' }, () => undefined, { editOriginal: () => Promise.resolve() });
    expect(new Date(q.createdTimestamp).toISOString()).toBe('2016-04-30T11:18:25.796Z');
  });

  it('a deferred answer: type 5 in the HTTP response, then an edit of the original over REST; only one first response', async () => {
    const sent: Callback[] = [];
    const edits: unknown[] = [];
    const p = new HttpPort(raw, (cb) => sent.push(cb), {
      editOriginal: (app, token, body) => Promise.resolve(void edits.push({ app, token, body })),
    });
    await p.defer(true);
    expect(sent).toEqual([{ type: 5, data: { flags: 64 } }]);
    await p.edit(renderNotice('ℹ️', 'done'), true);
    expect(edits).toMatchObject([{ app: '555', token: 'tok', body: { content: expect.stringContaining('done') as string } }]);
    await expect(p.reply(renderNotice('ℹ️', 'again'))).rejects.toThrow(/already answered/);
  });

  it('reads an attachment option from the resolved objects, the member’s roles, and a context-menu command’s target message', () => {
    const none = () => Promise.resolve();
    const add = new HttpPort(
      {
        ...raw,
        member: { user: { id: '31' }, permissions: '0', roles: ['777'] },
        data: {
          name: 'add',
          options: [{ name: 'file', type: 11, value: '4001' }],
          resolved: { attachments: { '4001': { url: 'https://cdn.discordapp.com/attachments/1/4001/brief.pdf', filename: 'brief.pdf' } } },
        },
      },
      () => undefined,
      { editOriginal: none },
    );
    expect(add.option({ name: 'file', description: '', type: 'attachment' })).toBe(
      'https://cdn.discordapp.com/attachments/1/4001/brief.pdf',
    );
    expect(add.hasRole('777')).toBe(true);
    expect(add.hasRole('778')).toBe(false);
    expect(add.targetMessage()).toBeUndefined();
    const menu = new HttpPort(
      {
        ...raw,
        data: {
          name: 'Find sources',
          type: 3,
          target_id: '88',
          resolved: { messages: { '88': { content: 'The dam at Hollin burst in 1931' } } },
        },
      },
      () => undefined,
      { editOriginal: none },
    );
    expect(menu.kind).toBe('command');
    expect(menu.name).toBe('Find sources');
    expect(menu.targetMessage()).toBe('The dam at Hollin burst in 1931');
  });
});
