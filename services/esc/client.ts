import { Configuration, EscRawApi } from "@pulumi/esc-sdk";
import { z } from "zod";
import { extractCredentials, type CredentialProblem, type CredentialTree } from "./credentials.js";
import { formatEnvironment, type EnvironmentRef } from "./environment-name.js";

/**
 * Opens an ESC environment through @pulumi/esc-sdk and returns its `pulumiConfig.credentials`.
 *
 * We call the SDK's generated client (`EscRawApi`) rather than its `EscApi` wrapper, for three
 * reasons found in the SDK source (v0.12.4): the wrapper rebuilds the base URL from protocol and
 * hostname only, dropping any port or path (so a self-hosted backend on a port, or our loopback
 * fake, is unreachable); its `openAndReadEnvironment` flattens values and loses the `secret`
 * flag; and it throws bare errors without the HTTP status we need to say "expired token" versus
 * "no such environment".
 */

export const DEFAULT_PULUMI_API_URL = "https://api.pulumi.com";

export interface EscConnection {
  /** Pulumi access token (PULUMI_ACCESS_TOKEN) */
  readonly token: string;
  /** Pulumi Cloud API URL (PULUMI_BACKEND_URL); default https://api.pulumi.com */
  readonly baseUrl?: string;
  /** per request; an unreachable API fails after this long instead of hanging */
  readonly timeoutMs?: number;
}

export interface OpenedCredentials {
  /** org/project/env */
  readonly environment: string;
  /** whether the environment defines pulumiConfig.credentials */
  readonly found: boolean;
  readonly groups: CredentialTree;
  readonly problems: readonly CredentialProblem[];
  /** wall time of open + read */
  readonly elapsedMs: number;
}

export type EscErrorKind = "unauthorized" | "forbidden" | "not_found" | "unreachable" | "bad_response" | "no_token" | "bad_url";

/** One error type for every way opening an environment fails; names the environment, never the token. */
export class EscError extends Error {
  constructor(
    readonly kind: EscErrorKind,
    readonly environment: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "EscError";
  }
}

const openResponseSchema = z.looseObject({ id: z.union([z.string().min(1), z.number()]) });
const environmentResponseSchema = z.looseObject({ properties: z.record(z.string(), z.unknown()).optional() });
/** the shape of what axios (inside the SDK) throws; parsed, so nothing else of it is kept */
const transportErrorSchema = z.looseObject({
  isAxiosError: z.literal(true),
  code: z.string().optional(),
  response: z.looseObject({ status: z.number(), data: z.unknown() }).optional(),
});
const apiErrorBodySchema = z.looseObject({ message: z.string() });

const DEFAULT_TIMEOUT_MS = 15_000;

/** Opens the environment (POST .../open), reads the session (GET .../open/{id}) and extracts credentials. */
export async function openEscCredentials(ref: EnvironmentRef, connection: EscConnection): Promise<OpenedCredentials> {
  const environment = formatEnvironment(ref);
  const token = connection.token.trim();
  if (!token) {
    throw new EscError("no_token", environment, `no Pulumi access token to open ESC environment "${environment}": set PULUMI_ACCESS_TOKEN`);
  }
  const apiUrl = normalizeApiUrl(connection.baseUrl);
  const api = new EscRawApi(
    new Configuration({
      accessToken: token,
      basePath: `${apiUrl}/api/esc`,
      baseOptions: { timeout: connection.timeoutMs ?? DEFAULT_TIMEOUT_MS },
    }),
  );
  const started = performance.now();
  const fail = (error: unknown): never => {
    throw toEscError(error, environment, apiUrl, token);
  };
  const opening =
    ref.version === undefined
      ? api.openEnvironment(ref.org, ref.project, ref.env)
      : api.openEnvironmentAtVersion(ref.org, ref.project, ref.env, ref.version);
  const opened = await opening.catch(fail);
  const session = openResponseSchema.safeParse(opened.data);
  if (!session.success) throw badResponse(environment, "open returned no session id");
  const read = await api.readOpenEnvironment(ref.org, ref.project, ref.env, String(session.data.id)).catch(fail);
  const body = environmentResponseSchema.safeParse(read.data);
  if (!body.success) throw badResponse(environment, "read returned no properties object");
  const extracted = extractCredentials(body.data.properties);
  return { environment, ...extracted, elapsedMs: performance.now() - started };
}

/** PULUMI_BACKEND_URL style: scheme, host, optional port and path; no trailing slash, no user info. */
export function normalizeApiUrl(baseUrl: string | undefined): string {
  const raw = baseUrl?.trim() || DEFAULT_PULUMI_API_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EscError("bad_url", "", `the Pulumi API URL (PULUMI_BACKEND_URL) is not a URL: expected e.g. ${DEFAULT_PULUMI_API_URL}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new EscError("bad_url", "", `bad Pulumi API URL "${url.protocol}//${url.host}" (PULUMI_BACKEND_URL): expected an http(s) URL`);
  }
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  return url.toString().replace(/\/+$/, "");
}

function badResponse(environment: string, detail: string): EscError {
  return new EscError("bad_response", environment, `unexpected response from the Pulumi API opening ESC environment "${environment}": ${detail}`);
}

function toEscError(error: unknown, environment: string, apiUrl: string, token: string): EscError {
  const transport = transportErrorSchema.safeParse(error);
  if (!transport.success) {
    // not an HTTP failure (a bug or an SDK change); keep only its message, scrubbed
    const message = error instanceof Error ? error.message : String(error);
    return badResponse(environment, scrub(message, token));
  }
  const { response, code } = transport.data;
  if (!response) {
    const reason = code === "ECONNABORTED" || code === "ETIMEDOUT" ? "timed out" : (code ?? "network error");
    return new EscError("unreachable", environment, `cannot reach the Pulumi API at ${apiUrl} to open ESC environment "${environment}": ${reason}`);
  }
  const status = response.status;
  const serverSays = apiErrorBodySchema.safeParse(response.data);
  const detail = serverSays.success ? `: ${scrub(serverSays.data.message, token).slice(0, 200)}` : "";
  switch (status) {
    case 401:
      return new EscError(
        "unauthorized",
        environment,
        `the Pulumi access token was rejected (401) opening ESC environment "${environment}": it is expired, revoked or invalid; create a new one and set PULUMI_ACCESS_TOKEN`,
        status,
      );
    case 403:
      return new EscError(
        "forbidden",
        environment,
        `the Pulumi access token may not open ESC environment "${environment}" (403): its user or team needs "open" permission on it${detail}`,
        status,
      );
    case 404:
      return new EscError(
        "not_found",
        environment,
        `ESC environment "${environment}" was not found at ${apiUrl} (404): check the organization, project and name, and that the token's user can see it${detail}`,
        status,
      );
    default:
      return new EscError(
        status >= 500 ? "unreachable" : "bad_response",
        environment,
        `the Pulumi API answered ${status} opening ESC environment "${environment}"${detail}`,
        status,
      );
  }
}

/** The token must never appear in an error, even if a server echoes it back. */
function scrub(text: string, token: string): string {
  return token ? text.split(token).join("[token]") : text;
}
