/**
 * For platform responses that say "absent" with null as often as by leaving a field out (Vercel,
 * Gong): the field's schema, accepting both, read as undefined, so code past the boundary sees one
 * kind of absence.
 */
import type { z } from "zod";

export function nullAsAbsent<Schema extends z.ZodType>(schema: Schema) {
  return schema.nullish().transform((value) => value ?? undefined);
}
