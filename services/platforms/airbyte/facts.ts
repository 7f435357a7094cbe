/** Airbyte's facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, hook, opt, req } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "airbyte",
  title: "Airbyte",
  serverName: "airbyte_integration",
  variables: [
    req("AIRBYTE_CLIENT_ID", "application client id"),
    req("AIRBYTE_CLIENT_SECRET", "application client secret"),
    hook("AIRBYTE_WEBHOOK_TOKEN", "random token expected on notification webhooks (they are unsigned)", true),
    opt("AIRBYTE_ACCESS_TOKEN", "pre-issued access token; normally minted from the client credentials"),
    opt("AIRBYTE_WORKSPACE_ID", "workspace to manage"),
    opt("AIRBYTE_API_URL", "API base URL (default https://api.airbyte.com/v1; self-managed installs differ)", true),
  ],
  syncObjects: ["jobs"],
  webhook: {
    proof: "url-token",
    dedupeKey: "the job id and its status",
    subscriptions: ["sync_succeeded", "sync_failed"],
  },
});
