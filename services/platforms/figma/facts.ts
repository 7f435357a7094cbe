/** Figma's facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, hook, opt, req } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "figma",
  title: "Figma",
  serverName: "figma_design",
  variables: [
    req("FIGMA_ACCESS_TOKEN", "personal access token (X-Figma-Token)"),
    hook("FIGMA_WEBHOOK_PASSCODE", "passcode set on the webhook, echoed in every event body", true),
    opt("FIGMA_WEBHOOK_URL", "public webhook URL registered with Figma (default: the fleet's public webhook URL)"),
    opt("FIGMA_TEAM_ID", "team whose projects, library and webhooks the tools default to and the files sync reads", true),
    opt("FIGMA_TOKEN_TYPE", "pat (default: FIGMA_ACCESS_TOKEN is a personal access token, sent as X-Figma-Token) or oauth (an OAuth access token, sent as a Bearer token)", true),
  ],
  syncObjects: ["files"],
  webhook: {
    proof: "body-passcode",
    dedupeKey: "webhook id, event type, file key and timestamp",
    subscriptions: ["FILE_UPDATE", "FILE_VERSION_UPDATE", "FILE_DELETE", "FILE_COMMENT", "LIBRARY_PUBLISH", "DEV_MODE_STATUS_UPDATE"],
  },
});
