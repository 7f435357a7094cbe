import { z } from "zod";
import type { MatchDetails } from "../api/index.js";
import { personOutSchema, toPerson } from "../types/normalized.js";
import { defineApolloTool } from "./define.js";
import { defined, refuse } from "./shared.js";

/** Apollo's documented price per matched person: 1 credit for demographics or email, plus 8 if a mobile phone is returned. */
export const CREDITS_PER_MATCH = 1;
export const CREDITS_PER_MOBILE = 8;
export const MAX_BULK_MATCH = 10;

const personQuery = z
  .object({
    id: z.string().min(1).optional().describe("Apollo person id (from apollo_search_people)"),
    email: z.string().email().optional(),
    firstName: z.string().min(1).optional(),
    lastName: z.string().min(1).optional(),
    name: z.string().min(1).optional().describe("full name, with organizationName or domain"),
    organizationName: z.string().min(1).optional(),
    domain: z.string().min(1).optional().describe("employer's domain, e.g. acme.com"),
    linkedinUrl: z.string().url().optional(),
  })
  .refine(
    (p) => p.id !== undefined || p.email !== undefined || p.linkedinUrl !== undefined || ((p.name !== undefined || p.lastName !== undefined) && (p.organizationName !== undefined || p.domain !== undefined)),
    "identify each person by id, email, LinkedIn URL, or name plus organizationName / domain",
  );

/** The most credits a match can spend, at Apollo's documented prices. */
export function matchCreditCeiling(people: number, revealPhoneNumbers: boolean): number {
  return people * (CREDITS_PER_MATCH + (revealPhoneNumbers ? CREDITS_PER_MOBILE : 0));
}

export const matchPeople = defineApolloTool({
  name: "apollo_match_people",
  title: "Enrich people with Apollo (spends credits)",
  description:
    "Enrich 1 to 10 people from Apollo's database, which SPENDS CREDITS (up to 1 per person, 9 with phone numbers, " +
    "never more than maxCredits): returns their full profile (name, title, work email, employer, LinkedIn). Apollo " +
    "charges 1 credit per person found (demographics or email), and with revealPhoneNumbers 8 more per mobile number found. `maxCredits` is the most this call may spend: the call is " +
    "refused, with nothing sent, when the people asked for could cost more (people x 1, or x 9 with phone numbers). " +
    "Phone numbers are not in the answer: Apollo looks them up asynchronously and posts them to this server's " +
    "webhook later, where they are stored in memory (search memory for the person). Only look people up the user " +
    "actually needs; apollo_search_people finds candidates for free.",
  toolset: "prospecting",
  input: z.object({
    people: z.array(personQuery).min(1).max(MAX_BULK_MATCH).describe(`1 to ${MAX_BULK_MATCH} people`),
    revealPersonalEmails: z.boolean().default(false).describe("also return personal (non-work) emails"),
    revealPhoneNumbers: z.boolean().default(false).describe("look up mobile numbers (8 credits each), delivered later by webhook"),
    maxCredits: z.number().int().min(1).max(1_000).describe("the most credits this call may spend"),
  }),
  output: z.object({
    people: z.array(personOutSchema),
    unmatched: z.number().int().describe("people asked for whom Apollo found no match"),
    creditCeiling: z.number().int().describe("the most this call could spend at Apollo's documented prices"),
    creditsConsumed: z.number().optional().describe("what Apollo reports it charged, when it reports it"),
    phoneReveal: z
      .object({ requestId: z.string(), expiresAt: z.string(), note: z.string() })
      .optional()
      .describe("when phone numbers were requested: where they will arrive"),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal, clock, webhookUrl }) {
    const ceiling = matchCreditCeiling(input.people.length, input.revealPhoneNumbers);
    if (ceiling > input.maxCredits) {
      refuse(
        `matching ${input.people.length} ${input.people.length === 1 ? "person" : "people"}${input.revealPhoneNumbers ? " with phone numbers" : ""} can spend up to ${ceiling} credits, ` +
          `more than maxCredits ${input.maxCredits}: raise maxCredits or match fewer people${input.revealPhoneNumbers ? " (or skip phone numbers)" : ""}. Nothing was sent to Apollo.`,
      );
    }
    let callback;
    if (input.revealPhoneNumbers) {
      if (webhookUrl === undefined) refuse("phone numbers arrive by webhook, and this server has no public webhook URL (APOLLO_WEBHOOK_URL / WEBHOOK_PUBLIC_URL): match without revealPhoneNumbers");
      callback = api.callbackUrl(webhookUrl, clock.now().getTime());
      if (callback === undefined) refuse("phone numbers arrive by webhook, and APOLLO_WEBHOOK_TOKEN is not set, so no callback could be verified: match without revealPhoneNumbers");
    }
    const reveal = defined({
      reveal_personal_emails: input.revealPersonalEmails || undefined,
      reveal_phone_number: input.revealPhoneNumbers || undefined,
      webhook_url: callback?.url,
    });
    const details: MatchDetails[] = input.people.map((p) =>
      defined({
        id: p.id,
        email: p.email,
        first_name: p.firstName,
        last_name: p.lastName,
        name: p.name,
        organization_name: p.organizationName,
        domain: p.domain,
        linkedin_url: p.linkedinUrl,
      }),
    );
    const phoneReveal =
      callback === undefined
        ? {}
        : {
            phoneReveal: {
              requestId: callback.requestId,
              expiresAt: callback.expiresAt,
              note: "Apollo posts the phone numbers to this server's webhook when found (usually within minutes); they are then in memory.",
            },
          };
    if (details.length === 1) {
      const response = await api.matchPerson(details[0]!, reveal, { signal });
      return { people: response.person ? [toPerson(response.person)] : [], unmatched: response.person ? 0 : 1, creditCeiling: ceiling, ...phoneReveal };
    }
    const response = await api.bulkMatchPeople(details, reveal, { signal });
    const matched = response.matches.flatMap((person) => (person === null ? [] : [toPerson(person)]));
    return {
      people: matched,
      unmatched: details.length - matched.length,
      creditCeiling: ceiling,
      ...(response.credits_consumed == null ? {} : { creditsConsumed: response.credits_consumed }),
      ...phoneReveal,
    };
  },
});
