/**
 * What our tools return: per item of a bulk call what happened, and UserGems signals as they read
 * from memory (the person, the move, the campaign, when).
 */
import { createHash } from "node:crypto";
import { z } from "zod";

export const itemOutcomeSchema = z.object({
  item: z.string().describe("the contact's email or the account's domain"),
  outcome: z.enum(["tracked", "untracked", "failed"]),
  error: z.string().optional(),
});
export type ItemOutcome = z.infer<typeof itemOutcomeSchema>;

export const SIGNAL_TYPES = ["job_change", "new_hire", "promotion", "left_company"] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];

export const signalSchema = z.object({
  signal: z.enum(SIGNAL_TYPES),
  occurredAt: z.string(),
  person: z.string(),
  email: z.string().optional(),
  linkedinUrl: z.string().optional(),
  company: z.string().optional(),
  companyDomain: z.string().optional(),
  title: z.string().optional(),
  previousCompany: z.string().optional(),
  previousTitle: z.string().optional(),
  campaign: z.string(),
  summary: z.string(),
});
export type SignalSummary = z.infer<typeof signalSchema>;

/**
 * The keys a person's memories carry, so a privacy request finds them: SHA-256 of the normalized
 * email and of the normalized LinkedIn URL (the hash, so the key itself names nobody).
 */
export function emailKey(email: string): string {
  return createHash("sha256").update(`email:${email.trim().toLowerCase()}`).digest("hex");
}

export function linkedinKey(url: string): string {
  const normalized = url.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/^www\./, "").replace(/[?#].*$/, "").replace(/\/+$/, "");
  return createHash("sha256").update(`linkedin:${normalized}`).digest("hex");
}
