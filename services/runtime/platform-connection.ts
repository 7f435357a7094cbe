/**
 * From credentials to a platform API: the definition's auth scheme (token endpoints reached
 * through a platform HTTP client of their own, rotated refresh tokens kept where the integration's
 * other processes find them), the runtime's resilient HTTP client configured for the platform
 * (base URL, this process's share of the rate limit, metrics on the server's registry), and the
 * definition's API object. When the credentials are incomplete, or the definition refuses
 * them, the server runs unconfigured instead: tools and readiness say why.
 */
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { createMemoryStateClient } from "../memory/state-client.js";
import type { PlatformFacts } from "../fleet/facts.js";
import type { AuthScheme, PlatformDefinition } from "./contract.js";
import { notConfiguredReason, type LoadedCredentials } from "./credentials.js";
import type { RuntimeEnvironment } from "./environment.js";
import { createPlatformHttp } from "./http/client.js";
import { fileRefreshTokenStore, sharedRefreshTokenStore, type RefreshTokenStore } from "./http/refresh-token-store.js";
import { noAuth } from "./http/static-auth.js";
import type { SecretScrubber } from "./observability/secret-scrubber.js";

export type PlatformConnection<Api> =
  | { readonly configured: true; readonly api: Api; readonly auth: AuthScheme }
  | { readonly configured: false; readonly reason: string };

export function connectPlatform<Api>(
  definition: PlatformDefinition<Api>,
  loaded: LoadedCredentials,
  env: RuntimeEnvironment,
  deps: { readonly registry: Registry; readonly log: Logger; readonly scrubber: SecretScrubber },
): PlatformConnection<Api> {
  const unconfigured = notConfiguredReason(loaded);
  if (unconfigured !== undefined) return { configured: false, reason: unconfigured };
  try {
    // token endpoints on the API host (HubSpot's /oauth/v1/token) go where the API calls go
    const baseUrl = env.apiBaseUrl ?? definition.baseUrl;
    const auth = definition.auth(loaded.credentials, {
      fetch: tokenEndpointFetch(definition.facts, baseUrl, deps),
      baseUrl,
      refreshTokens: refreshTokenStore(definition.facts.name, env),
    });
    const http = createPlatformHttp({
      platform: definition.facts.name,
      title: definition.facts.title,
      baseUrl,
      auth,
      // this process's share of rate_limits.api_calls_per_minute: the integration's other
      // replicas and its sync runner pace themselves against the rest
      ...(env.rateShare.apiCallsPerMinute !== undefined ? { apiCallsPerMinute: env.rateShare.apiCallsPerMinute } : {}),
      registry: deps.registry,
      log: deps.log.child({ component: "platform-http" }),
    });
    const configured = env.settings.rate_limits?.api_calls_per_minute;
    if (configured !== undefined && env.rateShare.apiCallsPerMinute !== configured) {
      deps.log.info({ apiCallsPerMinute: env.rateShare.apiCallsPerMinute, integrationApiCallsPerMinute: configured }, "platform API calls paced at this process's share");
    }
    const api = definition.createApi({ credentials: loaded.credentials, settings: env.settings, http, log: deps.log, dataDir: env.dataDir, ...(env.fleetServers ? { fleetServers: env.fleetServers } : {}) });
    return { configured: true, api, auth };
  } catch (error) {
    deps.log.error({ err: error }, "could not create the platform client");
    return { configured: false, reason: `platform client could not be created: ${deps.scrubber.scrub((error as Error).message)}` };
  }
}

/** Token requests get the platform client's timeouts, retries, breaker and metrics, but no auth of their own. */
function tokenEndpointFetch(facts: PlatformFacts, baseUrl: string, deps: { readonly registry: Registry; readonly log: Logger }): typeof fetch {
  return createPlatformHttp({ platform: facts.name, title: facts.title, baseUrl, auth: noAuth, timeoutMs: 15_000, registry: deps.registry, log: deps.log.child({ component: "token-endpoint" }) }).fetch;
}

/** Rotated refresh tokens: on the memory server when there is one (every pod reaches it), else in the data dir. */
function refreshTokenStore(platform: string, env: RuntimeEnvironment): RefreshTokenStore {
  if (env.memory === undefined) return fileRefreshTokenStore(env.dataDir, platform);
  return sharedRefreshTokenStore(createMemoryStateClient({ url: env.memory.url, platform, ...(env.memory.token ? { token: env.memory.token } : {}) }));
}
