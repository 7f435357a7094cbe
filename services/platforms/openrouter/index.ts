/**
 * OpenRouter: the model catalogue (search by capability, context length and price; a model's
 * provider endpoints; providers), the key's limit and spend, credits, generation stats, daily
 * activity, and one tool that asks a model (and spends money, under a configured price ceiling).
 * Broadcast's OTLP traces come in on the webhook and become one memory per generation.
 */
import type { PlatformDefinition } from "../../runtime/contract.js";
import { requiredCredential } from "../../runtime/credentials.js";
import { staticAuth } from "../../runtime/http/static-auth.js";
import { createApi, type OpenrouterApi } from "./api/index.js";
import { facts } from "./facts.js";
import { syncs } from "./sync.js";
import { tools } from "./tools/index.js";
import { webhook } from "./webhook.js";

export const definition: PlatformDefinition<OpenrouterApi> = {
  facts,
  baseUrl: "https://openrouter.ai/api/v1",
  auth(credentials) {
    const key = requiredCredential(credentials, "OPENROUTER_API_KEY");
    // the optional attribution headers OpenRouter documents for app rankings
    const attribution: Record<string, string> = {};
    if (credentials.OPENROUTER_SITE_URL) attribution["http-referer"] = credentials.OPENROUTER_SITE_URL;
    if (credentials.OPENROUTER_APP_NAME) attribution["x-title"] = credentials.OPENROUTER_APP_NAME;
    return staticAuth({ authorization: `Bearer ${key}`, ...attribution });
  },
  createApi,
  tools,
  webhook,
  syncs,
};
