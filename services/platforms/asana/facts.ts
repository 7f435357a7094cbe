/** Asana's facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, opt, req } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "asana",
  title: "Asana",
  serverName: "asana_tasks",
  variables: [
    req("ASANA_ACCESS_TOKEN", "personal access token (or OAuth access token)"),
    opt("ASANA_WORKSPACE_ID", "workspace searched and synced"),
    opt("ASANA_WEBHOOK_URL", "public webhook URL given to Asana when creating webhooks (default: the fleet's public webhook URL)"),
  ],
  webhook: {
    proof: "handshake-hmac",
    dedupeKey: "resource gid, action, created_at and changed field of each event (Asana sends no event id)",
    subscriptions: ["task.added", "task.changed", "task.removed", "task.deleted", "task.undeleted", "story.added"],
  },
});
