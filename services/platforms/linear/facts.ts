/** Linear's facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, hook, opt, req } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "linear",
  title: "Linear",
  serverName: "linear_projects",
  variables: [
    req("LINEAR_API_KEY", "personal API key (or OAuth access token)"),
    hook("LINEAR_WEBHOOK_SECRET", "webhook signing secret: verifies Linear-Signature", true),
    opt("LINEAR_TEAM_ID", "default team for new issues"),
    opt("LINEAR_WEBHOOK_URL", "public webhook URL registered in Linear (default: the fleet's public webhook URL)"),
  ],
  syncObjects: ["issues"],
  webhook: {
    proof: "hmac-signature",
    dedupeKey: "the Linear-Delivery header",
    subscriptions: ["Issue", "Comment", "Project"],
  },
});
