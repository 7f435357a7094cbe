/**
 * The body a UserGems "Send to Webhook" campaign action posts to us. UserGems publishes no payload
 * schema (the action's body is configured per campaign), so this is the contract SETUP.md tells
 * the admin to configure, parsed strictly after the X-Api-Key header matched: an unknown signal
 * type, a field we do not know, a person without an email or LinkedIn URL, or a job change without
 * its companies is a malformed delivery (400), never a guess.
 */
import { z } from "zod";
import { SIGNAL_TYPES } from "./normalized.js";

const text = (max: number) => z.string().trim().min(1).max(max);

const companySchema = z.strictObject({ name: text(300), domain: text(253).optional() });

export const signalBodySchema = z
  .strictObject({
    signal: z.enum(SIGNAL_TYPES),
    occurredAt: z.iso.datetime({ offset: true }).or(z.iso.date()),
    campaign: z.strictObject({ id: text(200), name: text(300).optional() }),
    person: z
      .strictObject({
        email: z.email().max(320).optional(),
        firstName: text(200).optional(),
        lastName: text(200).optional(),
        fullName: text(400).optional(),
        linkedinUrl: z.url().max(2_000).optional(),
      })
      .refine((p) => p.email !== undefined || p.linkedinUrl !== undefined, "a person needs an email or a LinkedIn URL")
      .refine((p) => p.fullName !== undefined || p.firstName !== undefined || p.lastName !== undefined, "a person needs a name"),
    previous: z.strictObject({ company: companySchema, title: text(300).optional() }).optional(),
    current: z.strictObject({ company: companySchema, title: text(300).optional() }).optional(),
  })
  .superRefine((body, ctx) => {
    const needs: Record<(typeof SIGNAL_TYPES)[number], ("previous" | "current")[]> = {
      job_change: ["previous", "current"],
      new_hire: ["current"],
      promotion: ["current"],
      left_company: ["previous"],
    };
    for (const part of needs[body.signal]) {
      if (body[part] === undefined) ctx.addIssue({ code: "custom", path: [part], message: `a ${body.signal} signal needs "${part}"` });
    }
  });
export type SignalBody = z.infer<typeof signalBodySchema>;
