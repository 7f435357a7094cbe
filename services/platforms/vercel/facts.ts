/** Vercel's facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, hook, opt, req } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "vercel",
  title: "Vercel",
  serverName: "vercel_deployment",
  variables: [
    req("VERCEL_TOKEN", "access token"),
    hook("VERCEL_WEBHOOK_SECRET", "webhook secret: verifies x-vercel-signature", true),
    opt("VERCEL_TEAM_ID", "team scope (teamId) for every call"),
    opt("VERCEL_PROJECT_ID", "default project"),
  ],
  syncObjects: ["deployments"],
  webhook: {
    proof: "hmac-signature",
    dedupeKey: "the body's id",
    subscriptions: [
      "deployment.created",
      "deployment.succeeded",
      "deployment.ready",
      "deployment.error",
      "deployment.canceled",
      "deployment.promoted",
    ],
  },
});
