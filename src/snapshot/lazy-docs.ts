/**
 * Documents whose bodies (paragraphs and facts: nine tenths of their bytes) are decoded on first
 * use, for a warm start that decodes only what it needs to serve.
 *
 * In a snapshot a document is two pieces: its head (meta and any other small field, decoded at
 * once) and its body, encoded alone inside a part of many bodies. A restored document is its head
 * with `paragraphs` and `facts` as own, enumerable accessors: the first read of either decodes the
 * body from the part's bytes (already read and checksummed with the rest of the snapshot) and
 * replaces both accessors with plain values, so code that reads, clones, serialises or compares
 * documents sees ordinary ones. What was not asked for is decoded in the background (see
 * background.ts: small slices, unref'd, it never keeps a process alive). A part's bytes are
 * dropped once all its bodies are decoded.
 *
 * Encoding: JSON where the values survive it (JSON.parse is about twice as fast as
 * v8.deserialize on these object-heavy values), V8 otherwise (a Date, NaN, a Map in front matter).
 */
import v8 from 'node:v8';
import type { IngestedDoc } from '../ingest/index.js';
import { finishBackground, inBackground } from '../index/background.js';

/** The fields of a document that stay encoded until used. */
export const LAZY_FIELDS = ['paragraphs', 'facts'] as const;
type LazyField = (typeof LAZY_FIELDS)[number];
export type DocHead = Omit<IngestedDoc, LazyField>;

export type Codec = 'json' | 'v8';

/**
 * `value` encoded as JSON when JSON gives it back as it is, else with V8. Checked value by value:
 * only strings, booleans, finite numbers, null, plain arrays without holes and plain objects pass.
 * (An `undefined` object field is dropped, as absent and undefined read the same.)
 */
export function encode(value: unknown): { codec: Codec; bytes: Buffer } {
  // Checked first by a plain walk, then stringified on JSON's fast path (a replacer function
  // would take it off that path: twice the time for the documents).
  if (jsonSafe(value)) {
    const json = JSON.stringify(value);
    if (json !== undefined) return { codec: 'json', bytes: Buffer.from(json, 'utf8') };
  }
  return { codec: 'v8', bytes: v8.serialize(value) };
}

function jsonSafe(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        if (Object.getPrototypeOf(v) !== Array.prototype) return false;
        // A hole or undefined would come back as null.
        for (let i = 0; i < v.length; i++) if (v[i] === undefined || !jsonSafe(v[i])) return false;
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(v);
      if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
      for (const key in v) {
        // An undefined field is dropped, as absent and undefined read the same.
        const x = (v as Record<string, unknown>)[key];
        if (x !== undefined && !jsonSafe(x)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

export function decode<T>(codec: Codec, bytes: Uint8Array): T {
  if (codec === 'json') return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as T;
  return v8.deserialize(bytes) as T;
}

/** A document without the fields stored in its body. */
export function headOf(doc: IngestedDoc): DocHead {
  const head: Record<string, unknown> = { ...doc };
  for (const f of LAZY_FIELDS) delete head[f];
  return head as unknown as DocHead;
}

/**
 * One part of bodies: `u32 count | u8 codec (0 json, 1 v8) | 3 bytes zero | (count + 1) × u32
 * offsets | bytes`, where body k is `bytes[offsets[k], offsets[k + 1])` and is
 * `[paragraphs, facts]`, encoded alone.
 */
export function encodeBodies(docs: readonly IngestedDoc[]): Buffer {
  const bodies = docs.map((d) => LAZY_FIELDS.map((f) => d[f]));
  // One codec for the part: JSON if every body survives it.
  let parts = bodies.map((b) => encode(b));
  if (parts.some((p) => p.codec !== 'json')) parts = bodies.map((b) => ({ codec: 'v8' as const, bytes: v8.serialize(b) }));
  const head = Buffer.alloc(8 + 4 * (docs.length + 1));
  head.writeUInt32LE(docs.length, 0);
  head.writeUInt8(parts.length && parts[0].codec === 'v8' ? 1 : 0, 4);
  let at = 0;
  parts.forEach((p, k) => {
    head.writeUInt32LE(at, 8 + 4 * k);
    at += p.bytes.length;
  });
  head.writeUInt32LE(at, 8 + 4 * docs.length);
  return Buffer.concat([head, ...parts.map((p) => p.bytes)]);
}

/** The bodies of one part, decoded one at a time; the bytes go once every body is out. */
export class Bodies {
  readonly count: number;
  private bytes: Buffer | undefined;
  private readonly codec: Codec;
  private readonly offsets: Uint32Array;
  private left: number;

  /** Checks the layout (not the bodies themselves); throws when it does not hold together. */
  constructor(bytes: Buffer) {
    if (bytes.length < 8) throw new Error('body part is too short');
    this.count = bytes.readUInt32LE(0);
    const codec = bytes.readUInt8(4);
    if (codec > 1) throw new Error('body part has an unknown encoding');
    this.codec = codec === 0 ? 'json' : 'v8';
    const start = 8 + 4 * (this.count + 1);
    if (start > bytes.length) throw new Error('body part is too short for its offsets');
    // Copied out, so that the offsets are aligned and do not hold the bytes.
    this.offsets = new Uint32Array(this.count + 1);
    for (let k = 0; k <= this.count; k++) this.offsets[k] = bytes.readUInt32LE(8 + 4 * k);
    for (let k = 0; k < this.count; k++) if (this.offsets[k] > this.offsets[k + 1]) throw new Error('body part offsets go backwards');
    if (this.offsets[0] !== 0 || start + this.offsets[this.count] !== bytes.length)
      throw new Error('body part offsets do not match its length');
    this.bytes = bytes.subarray(start);
    this.left = this.count;
  }

  /** Body k as `[paragraphs, facts]`. Each body is taken once. */
  take(k: number): unknown[] {
    if (!this.bytes) throw new Error('body part already released');
    const body = decode<unknown[]>(this.codec, this.bytes.subarray(this.offsets[k], this.offsets[k + 1]));
    if (!Array.isArray(body) || body.length !== LAZY_FIELDS.length) throw new Error(`body ${k} is malformed`);
    if (--this.left === 0) this.bytes = undefined;
    return body;
  }
}

/** Where each document's body still waits (a WeakMap: nothing on the document for clones and comparisons to see). */
interface Pending {
  bodies: Bodies;
  k: number;
}
const pending = new WeakMap<object, Pending>();

function materialize(doc: IngestedDoc): void {
  const p = pending.get(doc);
  if (!p) return;
  const body = p.bodies.take(p.k);
  pending.delete(doc);
  LAZY_FIELDS.forEach((f, i) => Object.defineProperty(doc, f, { value: body[i], writable: true, enumerable: true, configurable: true }));
}

// One descriptor per field, shared by every document: defineProperty with a shared descriptor is
// several times cheaper than defineProperties or a fresh descriptor per document.
const accessors = LAZY_FIELDS.map((f) => ({
  field: f,
  descriptor: {
    get(this: IngestedDoc) {
      materialize(this);
      return this[f];
    },
    set(this: IngestedDoc, v: unknown) {
      materialize(this);
      (this as unknown as Record<string, unknown>)[f] = v;
    },
    enumerable: true,
    configurable: true,
  } satisfies PropertyDescriptor,
}));

/** Turns `head` into a document whose body is body `k` of `bodies`, decoded on first use. */
export function lazyDoc(head: DocHead, bodies: Bodies, k: number): IngestedDoc {
  const doc = head as IngestedDoc;
  pending.set(doc, { bodies, k });
  for (const a of accessors) Object.defineProperty(doc, a.field, a.descriptor);
  return doc;
}

/** Whether a document's body is still encoded. */
export function isPending(doc: IngestedDoc): boolean {
  return pending.has(doc);
}

/**
 * Decodes every body still encoded, now, and everything else a warm start left for the
 * background (index branches: see background.ts).
 */
export function loadAll(docs: readonly IngestedDoc[]): void {
  finishBackground();
  for (const d of docs) materialize(d);
}

/**
 * Decodes the bodies not yet asked for in the background (background.ts), after whatever was
 * queued before. Resolves when every body is decoded.
 */
export function loadInBackground(docs: readonly IngestedDoc[]): Promise<void> {
  let i = 0;
  return inBackground(() => {
    // Sixteen bodies a step: the slice checks the clock between steps.
    for (const end = Math.min(i + 16, docs.length); i < end;) {
      const d = docs[i++];
      try {
        materialize(d);
      } catch {
        // A body that cannot be decoded stays pending: its reader gets the error, not this pass.
      }
    }
    return i < docs.length;
  });
}
