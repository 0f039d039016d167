import { randomFillSync } from 'node:crypto';

/** One CSPRNG call fills this many bytes; hot paths draw 12–64 bytes at a time. */
const POOL_BYTES = 8192;
/** Larger requests bypass the pool (none on the hot paths). */
const MAX_POOLED_DRAW = 256;

let pool = Buffer.alloc(0);
let offset = 0;

/**
 * Draws `bytes` CSPRNG bytes from a pooled block: many small `randomBytes` calls (state, nonce,
 * verifier, IVs, session tokens: five or six per sign-in) become one `randomFillSync` per 8 KiB.
 * Security: every byte comes from node:crypto's CSPRNG (the same source as `randomBytes`), and each
 * byte is handed out once: the drawn range is wiped at once, so the pool never holds a secret it
 * already gave away (a later heap disclosure cannot reveal issued tokens from it).
 */
function draw<T>(bytes: number, read: (block: Buffer, start: number, end: number) => T): T {
  if (bytes > MAX_POOLED_DRAW) return read(randomFillSync(Buffer.alloc(bytes)), 0, bytes);
  if (offset + bytes > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(POOL_BYTES));
    offset = 0;
  }
  const start = offset;
  offset += bytes;
  const value = read(pool, start, offset);
  pool.fill(0, start, offset);
  return value;
}

/** `bytes` random bytes as unpadded base64url (no intermediate buffer). */
export function randomBase64url(bytes: number): string {
  return draw(bytes, (block, start, end) => block.toString('base64url', start, end));
}

/** `bytes` random bytes in a buffer of the caller's own (a copy, never a view of the pool). */
export function randomBuffer(bytes: number): Buffer {
  return draw(bytes, (block, start, end) => Buffer.from(block.subarray(start, end)));
}
