import { z } from "zod";
import { defineVercelTool } from "./define.js";

export const checkDomain = defineVercelTool({
  name: "vercel_check_domain_availability",
  title: "Check a domain's availability and price on Vercel",
  description:
    "Ask Vercel's domain registrar whether a domain can be bought and, when it can, what it costs: purchase, " +
    "renewal and transfer price for `years` (default: the shortest term the TLD allows), as the registrar " +
    "quotes them. It only looks: nothing is bought or reserved.",
  toolset: "domains",
  input: z.object({
    domain: z
      .string()
      .min(3)
      .max(253)
      .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/i, "a domain name such as acme-shop.com")
      .describe("the domain, e.g. acme-shop.com"),
    years: z.number().int().min(1).max(10).optional(),
  }),
  output: z.object({
    domain: z.string(),
    available: z.boolean(),
    years: z.number().int().optional(),
    purchasePrice: z.number().optional(),
    renewalPrice: z.number().optional(),
    transferPrice: z.number().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const domain = input.domain.toLowerCase();
    const { available } = await api.domainAvailability(domain, signal);
    // a price for a domain nobody can buy would only mislead
    if (!available) return { domain, available };
    const price = await api.domainPrice(domain, input.years, signal);
    return { domain, available, years: price.years, purchasePrice: price.purchasePrice, renewalPrice: price.renewalPrice, transferPrice: price.transferPrice };
  },
});
