/**
 * A persistent array of int32 values in fixed-size chunks: a revision copies the list of chunks
 * and the chunks it writes to, and shares the rest with the version it came from, which stays as
 * it was (a live update makes the next corpus while the previous one is still serving). Writing
 * one document's entries costs a chunk or two, not the whole array.
 */

/** Entries per chunk: small enough to copy in a few microseconds, large enough to keep the chunk list short. */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

export class IntChunks {
  private constructor(
    private readonly chunks: readonly Int32Array[],
    readonly length: number,
    /** What an entry never written reads as. */
    private readonly fill: number,
  ) {}

  static empty(fill = -1): IntChunks {
    return new IntChunks([], 0, fill);
  }

  /** The values of `source` (one copy, chunk by chunk). */
  static from(source: ArrayLike<number>, fill = -1): IntChunks {
    const chunks: Int32Array[] = [];
    for (let at = 0; at < source.length; at += CHUNK) {
      const c = new Int32Array(CHUNK).fill(fill);
      const n = Math.min(CHUNK, source.length - at);
      for (let i = 0; i < n; i++) c[i] = source[at + i];
      chunks.push(c);
    }
    return new IntChunks(chunks, source.length, fill);
  }

  get(i: number): number {
    if (i < 0 || i >= this.length) return this.fill;
    return this.chunks[i >> CHUNK_BITS][i & MASK];
  }

  /** A writer over a copy of this array; `done()` gives the new version. */
  writer(): IntChunksWriter {
    return new IntChunksWriter([...this.chunks], this.length, this.fill, (chunks, length) => new IntChunks(chunks, length, this.fill));
  }
}

export class IntChunksWriter {
  /** The chunks this writer made or copied: written in place from then on. */
  private readonly owned = new Set<Int32Array>();

  constructor(
    private readonly chunks: Int32Array[],
    private length: number,
    private readonly fill: number,
    private readonly make: (chunks: Int32Array[], length: number) => IntChunks,
  ) {}

  get(i: number): number {
    if (i < 0 || i >= this.length) return this.fill;
    return this.chunks[i >> CHUNK_BITS][i & MASK];
  }

  set(i: number, value: number): void {
    if (i < 0) throw new Error(`negative index ${i}`);
    const c = i >> CHUNK_BITS;
    while (this.chunks.length <= c) {
      const fresh = new Int32Array(CHUNK).fill(this.fill);
      this.owned.add(fresh);
      this.chunks.push(fresh);
    }
    let chunk = this.chunks[c];
    if (!this.owned.has(chunk)) {
      chunk = chunk.slice();
      this.owned.add(chunk);
      this.chunks[c] = chunk;
    }
    chunk[i & MASK] = value;
    if (i >= this.length) this.length = i + 1;
  }

  done(): IntChunks {
    return this.make(this.chunks, this.length);
  }
}
