/** UserGems' facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, hook, req } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "usergems",
  title: "UserGems",
  serverName: "usergems_intelligence",
  variables: [
    req("USERGEMS_API_KEY", "API key (X-Api-Key)"),
    hook("USERGEMS_WEBHOOK_TOKEN", "value of the X-Api-Key header configured on the Send to Webhook action", true),
  ],
  webhook: {
    proof: "header-token",
    dedupeKey: "a hash of person, signal and campaign",
    subscriptions: [],
  },
});
