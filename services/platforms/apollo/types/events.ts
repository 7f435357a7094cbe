/**
 * What Apollo posts to a people match request's `webhook_url` when an asynchronous reveal (phone
 * numbers, waterfall emails) completes (docs.apollo.io "Retrieve mobile phone numbers for contacts";
 * the waterfall enrichment guide): a status, counts, the credits consumed, and the people with what
 * was found. `request_id` is a 64-bit integer, beyond what a JSON number holds exactly, so the exact
 * digits are read from the raw body (apolloRequestIdOf).
 */
import { z } from "zod";
import { phoneNumberSchema } from "./raw.js";

const text = z.string().nullish();

export const revealedPersonSchema = z.object({
  id: z.string().min(1),
  status: text,
  first_name: text,
  last_name: text,
  name: text,
  title: text,
  organization: z.object({ name: text }).nullish(),
  phone_numbers: z.array(phoneNumberSchema).nullish(),
  emails: z.array(z.object({ email: z.string(), email_status: text })).nullish(),
});
export type RevealedPerson = z.infer<typeof revealedPersonSchema>;

export const revealBodySchema = z
  .object({
    status: z.string().min(1),
    request_id: z.union([z.number(), z.string()]).nullish(),
    credits_consumed: z.number().nullish(),
    total_requested_enrichments: z.number().nullish(),
    people: z.array(revealedPersonSchema).nullish(),
    // a single match's callback may carry the one person alone
    person: revealedPersonSchema.nullish(),
  })
  .refine((body) => (body.people?.length ?? 0) > 0 || body.person != null, "no people in the result");
export type RevealBody = z.infer<typeof revealBodySchema>;

/** The payload an inbox event carries: the parsed body plus ids only the raw request has. */
export const revealEventSchema = z.object({
  requestId: z.string(),
  apolloRequestId: z.string().optional(),
  receivedAt: z.string(),
  body: revealBodySchema,
});
export type RevealEvent = z.infer<typeof revealEventSchema>;

/** Apollo's request_id as written in the raw body (exact digits), if present. */
export function apolloRequestIdOf(rawBody: string): string | undefined {
  return /"request_id"\s*:\s*"?(-?\d+)"?/.exec(rawBody)?.[1];
}
