import { z } from "zod";
import { organizationOutSchema, toOrganization } from "../types/normalized.js";
import { defineApolloTool } from "./define.js";
import { refuse } from "./shared.js";

/** Apollo's documented price: 1 credit per organization. */
export const CREDITS_PER_ORGANIZATION = 1;

export const enrichOrganization = defineApolloTool({
  name: "apollo_enrich_organization",
  title: "Enrich a company with Apollo (spends credits)",
  description:
    "Look up one company by its domain in Apollo, which SPENDS 1 CREDIT (never more than maxCredits): returns " +
    "Apollo's profile of it (name, industry, headcount, location, founding year, website, LinkedIn). `maxCredits` is the most this call may spend; " +
    "the call is refused, with nothing sent, when it is below the price.",
  toolset: "prospecting",
  input: z.object({
    domain: z
      .string()
      .min(3)
      .max(253)
      .regex(/^(?!https?:)[^\s/@]+\.[^\s/@]+$/, "a bare domain such as acme.com (no scheme, path or @)"),
    maxCredits: z.number().int().min(0).max(1_000).describe("the most credits this call may spend"),
  }),
  output: z.object({ organization: organizationOutSchema.optional(), found: z.boolean(), creditCeiling: z.number().int() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    if (CREDITS_PER_ORGANIZATION > input.maxCredits) {
      refuse(`enriching an organization costs ${CREDITS_PER_ORGANIZATION} credit, more than maxCredits ${input.maxCredits}. Nothing was sent to Apollo.`);
    }
    const organization = await api.enrichOrganization(input.domain.toLowerCase(), { signal });
    return organization === undefined
      ? { found: false, creditCeiling: CREDITS_PER_ORGANIZATION }
      : { organization: toOrganization(organization), found: true, creditCeiling: CREDITS_PER_ORGANIZATION };
  },
});
