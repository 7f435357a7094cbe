import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * The id of a memory, derived from its idempotency key so every backend (and every replica)
 * agrees on it without coordination, and it is safe to use as a Pinecone vector id.
 */
export function memoryIdForKey(key: string): string {
  return `mem_${createHash("sha256").update(key, "utf8").digest("hex").slice(0, 32)}`;
}

export const MEMORY_ID_PATTERN = /^mem_[0-9a-f]{32}$/;

/** Position in a newest-first listing: the last memory of the previous page. */
export interface ListPosition {
  readonly timestamp: string;
  readonly id: string;
}

const positionSchema = z.strictObject({ t: z.string().min(1), i: z.string().regex(MEMORY_ID_PATTERN) });

export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify({ t: position.timestamp, i: position.id }), "utf8").toString("base64url");
}

/** Throws a TypeError on a cursor that is not one of ours. */
export function decodeCursor(cursor: string): ListPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new TypeError("invalid cursor");
  }
  const result = positionSchema.safeParse(parsed);
  if (!result.success) throw new TypeError("invalid cursor");
  return { timestamp: result.data.t, id: result.data.i };
}
