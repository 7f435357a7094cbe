/** Apollo's facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, hook, req } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "apollo",
  title: "Apollo",
  serverName: "apollo_sales",
  variables: [
    req("APOLLO_API_KEY", "API key (X-Api-Key)"),
    hook("APOLLO_WEBHOOK_TOKEN", "secret from which the per-request webhook_url tokens are derived", true),
  ],
  syncObjects: ["contacts", "accounts"],
  webhook: {
    proof: "url-token",
    dedupeKey: "the request id each asynchronous result answers",
    subscriptions: [],
  },
});
