/**
 * Checks of config/integrations.yaml that need the platforms' facts (which platforms send
 * webhooks, their event subscriptions) or span integrations (unique ports and paths). They run when
 * the fleet file is loaded (load.ts), never in a server, so they live apart from schema.ts, which
 * servers use to parse their own settings without every platform's facts.
 */
import { CATALOG, isPlatformName, type PlatformName } from "./catalog.js";

export interface ConsistencyIssue {
  readonly path: readonly string[];
  readonly message: string;
}

/**
 * Checks across integrations (unique ports and webhook paths, webhook paths only where the
 * platform sends webhooks) and of one integration against its platform (one memory replica). Runs on the raw document, tolerating entries that are malformed in
 * other ways, so one run reports every problem at once.
 */
export function consistencyIssues(document: unknown): ConsistencyIssue[] {
  const issues: ConsistencyIssue[] = [];
  const integrations = (document as { integrations?: unknown } | null)?.integrations;
  if (!integrations || typeof integrations !== "object") return issues;
  const portOwner = new Map<number, string>();
  const pathOwner = new Map<string, string>();
  for (const [platform, raw] of Object.entries(integrations as Record<string, unknown>)) {
    if (!raw || typeof raw !== "object") continue;
    const { mcp_server_port: port, webhook_path: webhookPath, replicas, event_subscriptions: subscriptions } = raw as Record<string, unknown>;
    if (isPlatformName(platform) && Array.isArray(subscriptions)) issues.push(...subscriptionIssues(platform, subscriptions));
    const retention = (raw as { retention?: unknown }).retention;
    if (platform !== "memory" && retention && typeof retention === "object" && "memories_days" in retention) {
      issues.push({ path: ["integrations", platform, "retention", "memories_days"], message: "only the memory integration keeps memories (set it under integrations.memory.retention)" });
    }
    if (platform === "memory" && typeof replicas === "number" && replicas !== 1) {
      issues.push({
        path: ["integrations", platform, "replicas"],
        message:
          `the memory server runs exactly 1 replica (got ${replicas}): its embedded store lives on one ReadWriteOnce volume ` +
          "that only one pod can mount, and a second pod with a store of its own would answer searches differently",
      });
    }
    if (typeof port === "number") {
      const owner = portOwner.get(port);
      if (owner !== undefined) {
        issues.push({
          path: ["integrations", platform, "mcp_server_port"],
          message: `duplicate port ${port}: already assigned to "${owner}"`,
        });
      } else {
        portOwner.set(port, platform);
      }
    }
    if (typeof webhookPath === "string") {
      const owner = pathOwner.get(webhookPath);
      if (owner !== undefined) {
        issues.push({
          path: ["integrations", platform, "webhook_path"],
          message: `webhook path "${webhookPath}" is already used by "${owner}"`,
        });
      } else {
        pathOwner.set(webhookPath, platform);
      }
      if (isPlatformName(platform) && !CATALOG[platform].sendsWebhooks) {
        issues.push({
          path: ["integrations", platform, "webhook_path"],
          message: `${CATALOG[platform].title} sends no webhooks; remove webhook_path`,
        });
      }
    }
  }
  return issues;
}

/**
 * event_subscriptions filter what is stored, in the platform's own vocabulary: a name the platform's
 * server does not know would silently filter everything out, so it is an error naming the known ones.
 */
function subscriptionIssues(platform: PlatformName, subscriptions: readonly unknown[]): ConsistencyIssue[] {
  const facts = CATALOG[platform];
  const path = ["integrations", platform, "event_subscriptions"];
  const known = facts.webhook?.subscriptions ?? [];
  if (known.length === 0) {
    const why = facts.sendsWebhooks ? "every webhook it is sent is stored" : "it sends no webhooks";
    return subscriptions.length === 0 ? [] : [{ path, message: `${facts.title} has no event subscriptions to choose (${why}); remove event_subscriptions` }];
  }
  return subscriptions.flatMap((name, index) =>
    typeof name === "string" && !known.includes(name)
      ? [{ path: [...path, String(index)], message: `${facts.title} has no event subscription "${name}"; known: ${known.join(", ")}` }]
      : [],
  );
}

