/**
 * Reading a sync's checkpoint back: JSON parsed with the sync's own schema. A checkpoint the sync
 * cannot read stops the run with an error naming the platform, rather than starting over silently
 * (which would re-read everything) or moving on from a position that means something else.
 */
import type { z } from "zod";

export function readCheckpoint<T>(checkpoint: string | undefined, schema: z.ZodType<T>, title: string): T | undefined {
  if (checkpoint === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(checkpoint);
  } catch {
    throw new Error(`unreadable ${title} sync checkpoint: not JSON`);
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new Error(`unreadable ${title} sync checkpoint: ${result.error.issues[0]?.message ?? "invalid"}`);
  return result.data;
}
