/**
 * The public URL of an integration's webhook endpoint, decided in one place with one meaning: the
 * URL the platform was told to call (and, for HubSpot and Gong, the URL it signs).
 *
 *   1. <PLATFORM>_WEBHOOK_URL (the platform's credentials): what the operator registered on the
 *      platform's side, when it differs from what the fleet derives (a proxy, a tunnel);
 *   2. WEBHOOK_PUBLIC_URL: the fleet's public webhook base plus the integration's events path, set
 *      by the deployment plan and the local fleet;
 *   3. neither: unknown. A request's signed URL is then this server's own origin and path.
 */
import { webhookUrlVariable, type PlatformFacts } from "../fleet/facts.js";
import type { Credentials } from "./contract.js";
import type { RuntimeEnvironment } from "./environment.js";
import { StartupError } from "./startup-error.js";

export function integrationWebhookUrl(facts: PlatformFacts, credentials: Credentials, env: Pick<RuntimeEnvironment, "webhookPublicUrl">): URL | undefined {
  const variable = webhookUrlVariable(facts.name);
  const override = credentials[variable]?.trim();
  if (override === undefined || override === "") return env.webhookPublicUrl;
  let url: URL;
  try {
    url = new URL(override);
  } catch {
    throw new StartupError(`${variable} is not a URL: set it to the full webhook URL registered with ${facts.title}, e.g. https://hooks.example.com${"/webhook/" + facts.name}/events`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new StartupError(`${variable} must be an http(s) URL (got ${url.protocol})`);
  return url;
}

/** The URL a request came to as the platform called it: the public URL (when known) plus this request's query. */
export function publicUrlOf(originalUrl: string, publicUrl: URL | undefined, localOrigin: string): string {
  const queryStart = originalUrl.indexOf("?");
  const query = queryStart === -1 ? "" : originalUrl.slice(queryStart);
  if (publicUrl === undefined) return `${localOrigin}${originalUrl}`;
  const base = new URL(publicUrl);
  base.search = "";
  base.hash = "";
  return `${base.href}${query}`;
}
