/**
 * Slack Web API calls over the runtime's HTTP client (PlatformHttp), typed with the official SDK's
 * argument types (`@slack/web-api`).
 *
 * Why not the SDK's WebClient itself: v8 accepts a custom `fetch`, so it could ride on
 * PlatformHttp.fetch with its own retries switched off, but it POSTs every method. The runtime
 * retries 500/502/504 and timeouts only for idempotent requests (a POST may already have been
 * executed), so every read would lose those retries. Slack serves read methods over GET with query
 * arguments and write methods over POST with a JSON body; sending each with its honest HTTP method
 * keeps the one retry policy right. Rate limits, Retry-After, the circuit breaker and the bot token
 * header all stay in the runtime.
 *
 * Slack answers most failures with HTTP 200 and `{ ok: false, error }`: `toUpstreamError` maps
 * those onto the one error type with a safe message (error codes are Slack's public identifiers).
 */
import { z } from "zod";
import { UpstreamError, type PlatformHttp } from "../../../runtime/contract.js";
import { slackEnvelope } from "../types/raw.js";

export type SlackArgs = Readonly<Record<string, string | number | boolean | undefined>>;

export interface SlackCallOptions {
  /** call with this token instead of the bot token (search.messages needs a user token) */
  readonly token?: string;
}

export interface SlackCall {
  /** a read method, sent as GET with query arguments (retried by the runtime on 5xx and timeouts) */
  read<T>(method: string, args: SlackArgs, schema: z.ZodType<T>, options?: SlackCallOptions): Promise<T>;
  /** a write method, sent as POST with a JSON body (never retried after the platform may have acted) */
  write<T>(method: string, args: SlackArgs, schema: z.ZodType<T>): Promise<T>;
}

const envelope = slackEnvelope.loose();

export function createSlackCall(http: PlatformHttp): SlackCall {
  const finish = <T>(method: string, answer: z.infer<typeof envelope>, schema: z.ZodType<T>): T => {
    if (!answer.ok) throw toUpstreamError(method, answer.error ?? "unknown_error", answer.needed);
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      const [first] = parsed.error.issues;
      throw new UpstreamError(
        "slack",
        200,
        false,
        `Slack ${method} returned an unexpected response`,
        first === undefined ? undefined : `${first.path.join(".")}: ${first.message}`,
      );
    }
    return parsed.data;
  };
  return {
    async read(method, args, schema, options) {
      const answer = await http.json(
        {
          method: "GET",
          url: method,
          query: args,
          ...(options?.token !== undefined && { headers: { authorization: `Bearer ${options.token}` } }),
        },
        envelope,
      );
      return finish(method, answer, schema);
    },
    async write(method, args, schema) {
      const body = Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined));
      const answer = await http.json(
        { method: "POST", url: method, body, headers: { "content-type": "application/json; charset=utf-8" } },
        envelope,
      );
      return finish(method, answer, schema);
    },
  };
}

const AUTH_ERRORS = new Set(["not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type"]);
const FORBIDDEN_ERRORS = new Set(["missing_scope", "not_in_channel", "cant_update_message", "no_permission", "restricted_action", "is_archived"]);
const NOT_FOUND_ERRORS = new Set(["channel_not_found", "message_not_found", "thread_not_found", "users_not_found", "user_not_found", "invalid_name"]);
const TRANSIENT_ERRORS = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"]);

/** what to do about the commonest failures, for the model or operator reading the error */
const HINTS: Readonly<Record<string, string>> = {
  not_in_channel: "invite the bot to the channel first (/invite @bot)",
  channel_not_found: "check the channel id (see slack_list_channels) and that the bot can see the channel",
  missing_scope: "the Slack app lacks a scope; add it in the app settings and reinstall the app",
  users_not_found: "no Slack user has that email address",
  user_not_found: "no Slack user has that id",
  cant_update_message: "only messages posted by this bot can be edited",
  msg_too_long: "the message text is too long",
  is_archived: "the channel is archived",
  invalid_name: "that is not an emoji name this workspace knows",
  not_allowed_token_type: "this method needs a different token type (search needs a user token)",
  ratelimited: "Slack's rate limit for this method was reached; retry later",
};

/** An `ok: false` answer as an UpstreamError; Slack's error codes are safe to show. */
export function toUpstreamError(method: string, code: string, neededScope?: string): UpstreamError {
  const scope = code === "missing_scope" && neededScope ? ` (needs ${neededScope})` : "";
  const hint = HINTS[code];
  const status = AUTH_ERRORS.has(code)
    ? 401
    : FORBIDDEN_ERRORS.has(code)
      ? 403
      : NOT_FOUND_ERRORS.has(code)
        ? 404
        : code === "ratelimited"
          ? 429
          : TRANSIENT_ERRORS.has(code)
            ? 503
            : 400;
  return new UpstreamError(
    "slack",
    status,
    TRANSIENT_ERRORS.has(code),
    `Slack ${method} failed: ${code}${scope}${hint ? ` (${hint})` : ""}`,
    `error=${code}`,
  );
}
