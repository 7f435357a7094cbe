/**
 * An OAuth access-token manager implementing AuthScheme: refreshes ahead of expiry, runs one
 * refresh at a time however many callers wait (single-flight), refreshes on a 401, keeps a rotated
 * refresh token, and reports a failing refresh through problem() for /readyz.
 */
import { UpstreamError, type AuthScheme, type Clock } from "../contract.js";
import { platformTitle } from "./safe-messages.js";

export { bareAuthorization, basicAuth, bearerAuth, headerAuth, noAuth, staticAuth } from "./static-auth.js";

export interface TokenGrant {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  /** a rotated refresh token, when the platform issues a new one with each grant */
  readonly refreshToken?: string;
}

export interface OAuthTokenManagerOptions {
  readonly platform: string;
  /** obtains a new grant; receives the latest refresh token (rotated ones included) */
  readonly refresh: (refreshToken: string | undefined) => Promise<TokenGrant>;
  /** a token already held (e.g. from the environment); without expiresAt it is used until a 401 */
  readonly initial?: { readonly accessToken?: string; readonly expiresAt?: Date; readonly refreshToken?: string };
  readonly clock?: Clock;
  /** header value built from the token; default `Bearer <token>` */
  readonly format?: (accessToken: string) => Record<string, string>;
  /** after a failed refresh, callers fail fast with the same error for this long; default 5 s */
  readonly failureCooldownMs?: number;
}

interface HeldToken {
  readonly accessToken: string;
  /** epoch ms; Infinity when unknown */
  readonly expiresAtMs: number;
  /** epoch ms after which we refresh in the background */
  readonly refreshAtMs: number;
  readonly obtainedAtMs: number;
}

/** Refresh this long before expiry: 10% of the lifetime, at most 5 minutes. */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(5 * 60_000, lifetimeMs * 0.1);
}

/** A 401 within this long after a refresh is not worth a second refresh (a concurrent caller did it). */
const FRESH_ENOUGH_MS = 2_000;

export class OAuthTokenManager implements AuthScheme {
  private token: HeldToken | undefined;
  private refreshToken: string | undefined;
  private inFlight: Promise<HeldToken> | undefined;
  private lastFailure: { readonly error: UpstreamError; readonly atMs: number } | undefined;
  private readonly clock: Clock;
  private readonly title: string;

  constructor(private readonly options: OAuthTokenManagerOptions) {
    this.clock = options.clock ?? { now: () => new Date() };
    this.title = platformTitle(options.platform);
    this.refreshToken = options.initial?.refreshToken;
    const initialToken = options.initial?.accessToken;
    if (initialToken !== undefined && initialToken !== "") {
      const now = this.nowMs();
      const expiresAtMs = options.initial?.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
      const refreshAtMs = Number.isFinite(expiresAtMs) ? expiresAtMs - refreshMarginMs(expiresAtMs - now) : expiresAtMs;
      // unknown age: a 401 for it is always worth a refresh
      this.token = { accessToken: initialToken, expiresAtMs, refreshAtMs, obtainedAtMs: Number.NEGATIVE_INFINITY };
    }
  }

  async headers(): Promise<Record<string, string>> {
    const token = await this.currentToken();
    return (this.options.format ?? ((value) => ({ authorization: `Bearer ${value}` })))(token.accessToken);
  }

  async onUnauthorized(): Promise<boolean> {
    if (this.inFlight !== undefined) return this.inFlight.then(() => true, () => false);
    if (this.token !== undefined && this.nowMs() - this.token.obtainedAtMs < FRESH_ENOUGH_MS) return true;
    try {
      await this.refreshOnce(true);
      return true;
    } catch {
      return false;
    }
  }

  problem(): string | undefined {
    return this.lastFailure === undefined ? undefined : `token refresh failing: ${this.lastFailure.error.safeMessage}`;
  }

  private async currentToken(): Promise<HeldToken> {
    const now = this.nowMs();
    const token = this.token;
    if (token !== undefined && now < token.expiresAtMs) {
      // still valid: use it, and refresh in the background once inside the margin
      if (now >= token.refreshAtMs) this.refreshOnce(false).catch(() => undefined);
      return token;
    }
    return this.refreshOnce(false);
  }

  /** Single-flight: every caller during a refresh shares its promise. */
  private refreshOnce(forced: boolean): Promise<HeldToken> {
    if (this.inFlight !== undefined) return this.inFlight;
    const failure = this.lastFailure;
    if (!forced && failure !== undefined && this.nowMs() - failure.atMs < (this.options.failureCooldownMs ?? 5_000)) {
      return Promise.reject(failure.error);
    }
    this.inFlight = this.runRefresh().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async runRefresh(): Promise<HeldToken> {
    try {
      const grant = await this.options.refresh(this.refreshToken);
      if (grant.accessToken === "" || !(grant.expiresInSeconds > 0)) {
        throw new Error("the token endpoint returned no usable access token");
      }
      const now = this.nowMs();
      const lifetimeMs = grant.expiresInSeconds * 1000;
      const token: HeldToken = {
        accessToken: grant.accessToken,
        expiresAtMs: now + lifetimeMs,
        refreshAtMs: now + lifetimeMs - refreshMarginMs(lifetimeMs),
        obtainedAtMs: now,
      };
      this.token = token;
      if (grant.refreshToken !== undefined) this.refreshToken = grant.refreshToken;
      this.lastFailure = undefined;
      return token;
    } catch (error) {
      const upstream =
        error instanceof UpstreamError
          ? new UpstreamError(this.options.platform, error.status, true, `${this.title} access token could not be refreshed (${error.safeMessage})`, error.detail)
          : new UpstreamError(this.options.platform, 0, true, `${this.title} access token could not be refreshed`, error instanceof Error ? error.message : String(error));
      this.lastFailure = { error: upstream, atMs: this.nowMs() };
      throw upstream;
    }
  }

  private nowMs(): number {
    return this.clock.now().getTime();
  }
}
