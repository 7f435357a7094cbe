import { z } from "zod";
import { defineOpenrouterTool } from "./define.js";

export const listProviders = defineOpenrouterTool({
  name: "openrouter_list_providers",
  title: "List OpenRouter's providers",
  description:
    "List the inference providers OpenRouter routes to (name, slug for provider preferences, and links to their " +
    "privacy policy, terms and status page). Free of charge.",
  toolset: "models",
  input: z.object({}),
  output: z.object({
    providers: z.array(
      z.object({
        name: z.string(),
        slug: z.string(),
        privacyPolicyUrl: z.string().optional(),
        termsOfServiceUrl: z.string().optional(),
        statusPageUrl: z.string().optional(),
      }),
    ),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(_input, { api, signal }) {
    const { data } = await api.listProviders(signal);
    return {
      providers: data.map((p) => ({
        name: p.name,
        slug: p.slug,
        ...(p.privacy_policy_url ? { privacyPolicyUrl: p.privacy_policy_url } : {}),
        ...(p.terms_of_service_url ? { termsOfServiceUrl: p.terms_of_service_url } : {}),
        ...(p.status_page_url ? { statusPageUrl: p.status_page_url } : {}),
      })),
    };
  },
});
