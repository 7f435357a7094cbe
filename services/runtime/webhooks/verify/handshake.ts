/**
 * Asana-style handshake: the platform's first request carries `X-Hook-Secret`; we echo it back and
 * keep it in the server's durable state, where the signature verifier reads it.
 *
 * The handshake is unauthenticated by nature, so by default only the first secret is accepted: an
 * attacker who can reach the endpoint cannot replace it. To re-create the webhook, clear the stored
 * secret (set it to "") first, or pass `replace: true` knowingly.
 */
import type { HandshakeResponse, RawWebhookRequest, WebhookContext } from "../../contract.js";

export interface HookSecretHandshakeOptions {
  readonly header?: string;
  readonly stateKey?: string;
  readonly replace?: boolean;
}

export const DEFAULT_HOOK_SECRET_KEY = "webhook.hook_secret";

export function hookSecretHandshake(options: HookSecretHandshakeOptions = {}) {
  const header = (options.header ?? "x-hook-secret").toLowerCase();
  const key = options.stateKey ?? DEFAULT_HOOK_SECRET_KEY;
  return async (request: RawWebhookRequest, ctx: WebhookContext): Promise<HandshakeResponse | undefined> => {
    const secret = request.headers[header];
    if (secret === undefined || secret === "") return undefined;
    const stored = await ctx.state.get(key);
    if (stored !== undefined && stored !== "" && stored !== secret && options.replace !== true) {
      ctx.log.warn({ header }, "webhook handshake refused: a hook secret is already stored");
      return { status: 409, body: { error: "handshake already completed" } };
    }
    await ctx.state.set(key, secret);
    return { status: 200, headers: { [header]: secret } };
  };
}
