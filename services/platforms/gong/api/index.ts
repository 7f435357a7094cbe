/**
 * The Gong API v2 (no vendor SDK exists) as thin typed functions over the runtime's HTTP client:
 * Basic auth, pacing under Gong's 3 requests/s, retries and Retry-After all live in the runtime.
 */
import { z } from "zod";
import type { ApiFactoryContext } from "../../../runtime/contract.js";
import { createCallsApi, type CallsApi } from "./calls.js";
import { createPeopleApi, type PeopleApi } from "./users.js";

export interface GongApi {
  readonly calls: CallsApi;
  readonly people: PeopleApi;
}

const customerBaseUrl = z.url({ protocol: /^https?$/ });

/**
 * Gong serves each company from its own API host (OAuth apps get it as api_base_url_for_customer).
 * GONG_API_BASE_URL, when set, names that host; otherwise paths resolve against the runtime's base
 * URL (https://api.gong.io, or PLATFORM_API_BASE_URL in tests).
 */
export function gongPathResolver(configured: string | undefined): (path: string) => string {
  if (configured === undefined) return (path) => path;
  const base = customerBaseUrl.parse(configured.trim()).replace(/\/+$/, "");
  return (path) => `${base}${path}`;
}

export function createApi(ctx: ApiFactoryContext): GongApi {
  const at = gongPathResolver(ctx.credentials.GONG_API_BASE_URL);
  return { calls: createCallsApi(ctx.http, at), people: createPeopleApi(ctx.http, at) };
}
