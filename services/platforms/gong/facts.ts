/** Gong's facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, hook, opt, req } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "gong",
  title: "Gong",
  serverName: "gong_intelligence",
  variables: [
    req("GONG_ACCESS_KEY", "API access key (Company settings > API)"),
    req("GONG_CLIENT_SECRET", "API access key secret, paired with GONG_ACCESS_KEY"),
    hook("GONG_WEBHOOK_JWT_PUBLIC_KEY", "public key of the automation rule that signs webhooks (base64 DER or PEM)"),
    opt(
      "GONG_WEBHOOK_URL",
      "public webhook URL the automation rule calls, checked against the JWT's webhook_url claim (replaces the seed's GONG_WEBHOOK_BASE_URL; default: the fleet's public webhook URL)",
      true,
    ),
    opt("GONG_API_BASE_URL", "customer API base URL (default https://api.gong.io)", true),
  ],
  syncObjects: ["calls"],
  webhook: {
    proof: "signed-jwt",
    dedupeKey: "the call id (callData.metaData.id)",
    // an automation rule decides which calls are sent; there is nothing to subscribe to here
    subscriptions: [],
  },
});
