/**
 * An OAuth access-token manager implementing AuthScheme: refreshes ahead of expiry, runs one
 * refresh at a time however many callers wait (single-flight), refreshes on a 401, keeps a rotated
 * refresh token, and reports a failing refresh through problem() for /readyz.
 *
 * With a RefreshTokenStore, the processes of one integration share the refresh token (README,
 * "Platform calls", OAuth refresh): before refreshing, the latest persisted token is read; a
 * rotated one is stored with compare-and-set; after a refused refresh token (invalid_grant) the
 * refresh is retried with a token not tried yet (a newer persisted one, since another process may
 * have rotated it meanwhile, else the configured one).
 */
import { UpstreamError, type AuthScheme, type Clock } from "../contract.js";
import type { RefreshTokenStore } from "./refresh-token-store.js";

export { bareAuthorization, basicAuth, bearerAuth, headerAuth, noAuth, staticAuth } from "./static-auth.js";

export interface TokenGrant {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  /** a rotated refresh token, when the platform issues a new one with each grant */
  readonly refreshToken?: string;
}

/**
 * What a refresh function throws when the token endpoint refused the refresh token itself (OAuth
 * `invalid_grant`: revoked, expired or already rotated away), as opposed to any other failure.
 */
export class RefreshTokenRejectedError extends UpstreamError {
  override readonly name = "RefreshTokenRejectedError";
}

export interface OAuthTokenManagerOptions {
  readonly platform: string;
  /** the platform's title from its facts ("HubSpot"), for messages */
  readonly title: string;
  /** obtains a new grant; receives the latest refresh token (rotated ones included) */
  readonly refresh: (refreshToken: string | undefined) => Promise<TokenGrant>;
  /** a token already held (e.g. from the environment); without expiresAt it is used until a 401 */
  readonly initial?: { readonly accessToken?: string; readonly expiresAt?: Date; readonly refreshToken?: string };
  readonly clock?: Clock;
  /** header value built from the token; default `Bearer <token>` */
  readonly format?: (accessToken: string) => Record<string, string>;
  /** after a failed refresh, callers fail fast with the same error for this long; default 5 s */
  readonly failureCooldownMs?: number;
  /** where rotated refresh tokens are persisted for the other processes and the next start */
  readonly store?: RefreshTokenStore;
  /**
   * after a refused refresh token, how long to watch the store for another process's rotation
   * (it may have refreshed with the same token and not stored the new one yet); default 5 s
   */
  readonly rotationWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const ROTATION_POLL_MS = 250;

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
  /** why the refresh token in use is not persisted (the store failed); undefined when it is */
  private persistProblem: string | undefined;
  private readonly clock: Clock;
  private readonly title: string;

  constructor(private readonly options: OAuthTokenManagerOptions) {
    this.clock = options.clock ?? { now: () => new Date() };
    this.title = options.title;
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
    if (this.lastFailure !== undefined) return `token refresh failing: ${this.lastFailure.error.safeMessage}`;
    return this.persistProblem;
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
      const grant = await this.obtainGrant();
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

  /**
   * One grant, with the newest refresh token any process of this integration holds. A refused
   * refresh token is retried with a different one: the store's newest (another process rotated
   * it while we refreshed), else the configured one (an operator replaced a revoked token).
   */
  private async obtainGrant(): Promise<TokenGrant> {
    const store = this.options.store;
    let persisted = await this.readPersisted();
    // our own rotated token, when storing it failed, is newer than whatever the store holds
    let used = this.persistProblem === undefined ? (persisted ?? this.refreshToken) : this.refreshToken;
    const tried = new Set<string | undefined>();
    for (;;) {
      tried.add(used);
      try {
        const grant = await this.options.refresh(used);
        const next = grant.refreshToken ?? used;
        this.refreshToken = next;
        // keep the store on the token that works now; an empty store needs no copy of the configured one
        if (store !== undefined && next !== undefined && next !== persisted && (persisted !== undefined || next !== this.options.initial?.refreshToken)) {
          await this.persist(store, persisted, next);
        }
        return grant;
      } catch (error) {
        if (!(error instanceof RefreshTokenRejectedError)) throw error;
        const latest = await this.awaitNewerPersisted(tried);
        const configured = this.options.initial?.refreshToken;
        const retryWith = latest !== undefined && !tried.has(latest) ? latest : !tried.has(configured) ? configured : undefined;
        if (retryWith === undefined) throw error;
        persisted = latest;
        used = retryWith;
      }
    }
  }

  /** The store's token, watched a while for one not tried yet (a concurrent rotation being stored). */
  private async awaitNewerPersisted(tried: ReadonlySet<string | undefined>): Promise<string | undefined> {
    let latest = await this.readPersisted();
    if (this.options.store === undefined) return latest;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (let waited = 0; (latest === undefined || tried.has(latest)) && waited < (this.options.rotationWaitMs ?? 5_000); waited += ROTATION_POLL_MS) {
      await sleep(ROTATION_POLL_MS);
      latest = await this.readPersisted();
    }
    return latest;
  }

  private async readPersisted(): Promise<string | undefined> {
    if (this.options.store === undefined) return undefined;
    try {
      return await this.options.store.read();
    } catch {
      // the store is down: refresh with the token held here rather than not at all
      return undefined;
    }
  }

  private async persist(store: RefreshTokenStore, expected: string | undefined, next: string): Promise<void> {
    try {
      if (!(await store.compareAndSet(expected, next))) {
        // another process stored a token after our read: theirs is what every other process uses now
        const latest = await store.read();
        if (latest !== undefined) this.refreshToken = latest;
      }
      this.persistProblem = undefined;
    } catch (error) {
      // keep serving with the token in memory; say so, and store it with the next refresh
      this.persistProblem = `rotated refresh token not persisted to ${store.where}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private nowMs(): number {
    return this.clock.now().getTime();
  }
}
