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
  syncObjects: ["tasks"],
  webhook: {
    proof: "handshake-hmac",
    dedupeKey: "a hash of each event's resource, action, created_at, user, parent and change (Asana sends no event id or timestamp header)",
    subscriptions: ["task.added", "task.changed", "task.removed", "task.deleted", "task.undeleted", "story.added", "project.changed", "section.added", "section.changed"],
  },
});
