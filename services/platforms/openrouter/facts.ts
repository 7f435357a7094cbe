/** OpenRouter's facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, hook, opt, req } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "openrouter",
  title: "OpenRouter",
  serverName: "openrouter_llm",
  variables: [
    req("OPENROUTER_API_KEY", "API key (a management key also unlocks daily activity)"),
    hook("OPENROUTER_WEBHOOK_TOKEN", "token expected in the Broadcast destination's X-Broadcast-Token custom header", true),
    opt("OPENROUTER_APP_NAME", "X-Title sent with requests"),
    opt("OPENROUTER_SITE_URL", "HTTP-Referer sent with requests"),
    opt("OPENROUTER_MAX_PRICE_PER_MTOK", "highest prompt or completion price in USD per million tokens openrouter_ask_model may spend on (default 5)", true),
  ],
  webhook: {
    proof: "header-token",
    dedupeKey: "the trace and span id of each generation",
    subscriptions: [],
  },
});
