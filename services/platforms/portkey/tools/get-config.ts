import { z } from "zod";
import { redact } from "../types/normalized.js";
import { definePortkeyTool } from "./define.js";

export const getConfig = definePortkeyTool({
  name: "portkey_get_config",
  title: "Get a Portkey config's routing",
  description:
    "Reads one Portkey config by slug: its strategy (single, fallback, loadbalance, conditional), targets (providers, " +
    "virtual keys by slug, models, weights), retry attempts and status codes, cache mode and age. Any API key or " +
    "other credential written into the config is shown as [redacted]. Read-only.",
  toolset: "configs",
  input: z.object({ slug: z.string().min(1).describe("config slug, e.g. pc-prod-f1a2b3 (portkey_list_configs)") }),
  output: z.object({ slug: z.string(), config: z.record(z.string(), z.unknown()) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const raw = await api.getConfig(input.slug, signal);
    return { slug: input.slug, config: redact(raw.data.config) as Record<string, unknown> };
  },
});
