/**
 * Webhook intake for one platform: handshake → verify → parse → drop what the integration does not
 * subscribe to (event_subscriptions) → rate limit by events → dedupe and durable insert → 2xx; then a worker drains the inbox into `process`:
 * events wait (pending, retried) while memory is unavailable, and only what memory rejects, what keeps
 * failing or what outlives the retention is dead-lettered (kept, counted, re-driven with npm run inbox). The runtime mounts `handle` on
 * POST {webhook_path}/events and calls `start()` / `stop()` with the server's lifecycle.
 */
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { IntegrationSettings } from "../../fleet/schema.js";
import type { Clock, Credentials, KeyValueState, RawWebhookRequest, WebhookContext, WebhookDefinition, WebhookEvent, WebhookVerifier } from "../contract.js";
import { Inbox, inboxPath, inboxRetention } from "./inbox.js";
import { webhookMetrics, type WebhookMetrics, type WebhookOutcome } from "./metrics.js";
import { TokenBucket } from "./rate-limit.js";
import { sharedWebhookState } from "./shared-state.js";
import { InboxWorker, type WaitingState, type WorkerOptions } from "./worker.js";

export interface WebhookIntakeOptions {
  readonly platform: string;
  readonly definition: WebhookDefinition<unknown>;
  readonly credentials: Credentials;
  readonly settings: IntegrationSettings;
  /** the integration's public webhook URL, handed to the definition's handshake and verifier */
  readonly webhookUrl?: string;
  readonly dataDir: string;
  /**
   * The state every replica shares (the memory server's /state for this platform); the inbox's kv
   * table then keeps a copy (shared-state.ts). Without it, the kv table is the state.
   */
  readonly sharedState?: KeyValueState;
  readonly log: Logger;
  readonly registry: Registry;
  process(event: WebhookEvent): Promise<void>;
  readonly clock?: Clock;
  /** processing retries, backoff, lease and concurrency; defaults in worker.ts */
  readonly worker?: Partial<WorkerOptions>;
}

export interface WebhookResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Record<string, unknown>;
}

/** how often a stopping intake looks whether its inbox is delivered */
const DELIVERY_CHECK_MS = 50;

export class WebhookIntake {
  readonly state: KeyValueState;
  private readonly inbox: Inbox;
  private readonly verifier: WebhookVerifier;
  private readonly context: WebhookContext;
  private readonly metrics: WebhookMetrics;
  private readonly limiter: TokenBucket | undefined;
  private readonly worker: InboxWorker;
  private readonly log: Logger;
  private stopped = false;

  constructor(private readonly options: WebhookIntakeOptions) {
    this.log = options.log.child({ component: "webhooks" });
    this.inbox = new Inbox(inboxPath(options.dataDir, options.platform), inboxRetention(options.settings.retention));
    this.state = options.sharedState ? sharedWebhookState({ local: this.inbox.state, shared: options.sharedState, log: this.log }) : this.inbox.state;
    this.context = {
      log: this.log,
      clock: options.clock ?? { now: () => new Date() },
      settings: options.settings,
      credentials: options.credentials,
      state: this.state,
      ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
    };
    this.verifier = options.definition.verifier(options.credentials, this.context);
    const perMinute = options.settings.rate_limits?.webhook_events_per_minute;
    this.limiter = perMinute === undefined ? undefined : new TokenBucket(perMinute);
    this.metrics = webhookMetrics(options.registry);
    this.worker = new InboxWorker(this.inbox, options.process, this.metrics, options.platform, this.log, options.worker);
    this.metrics.register(options.platform, () => {
      const waitingFor = this.worker.waitingState()?.waitingFor;
      return { ...this.inbox.depth(), retrying: this.inbox.retryingCount(), dead: this.inbox.deadCount(), ...(waitingFor ? { waitingFor } : {}) };
    });
  }

  /** Starts draining the inbox (also what earlier processes left in it). */
  start(): void {
    this.worker.start();
  }

  async handle(request: RawWebhookRequest): Promise<WebhookResponse> {
    const { platform, definition } = this.options;
    const count = (outcome: WebhookOutcome, by = 1) => {
      if (by > 0) this.metrics.webhooks.inc({ platform, outcome }, by);
    };
    if (this.stopped) {
      count("unavailable");
      return { status: 503, headers: { "retry-after": "5" }, body: { error: "shutting down" } };
    }

    const handshake = await definition.handshake?.(request, this.context);
    if (handshake !== undefined) return { status: handshake.status, headers: { ...handshake.headers }, body: handshake.body as WebhookResponse["body"] };

    const verdict = await this.verify(request);
    if (!verdict.ok) {
      count("rejected");
      this.metrics.rejected.inc({ platform, reason: verdict.reason });
      this.log.debug({ platform, reason: verdict.reason }, "webhook rejected");
      return { status: 401, body: { error: "unauthorized" } };
    }

    // challenges the platform signs (Slack's url_verification) are answered only once verified
    const challenge = definition.verifiedHandshake?.(request, this.context);
    if (challenge !== undefined) {
      return { status: challenge.status, headers: { ...challenge.headers }, body: challenge.body as WebhookResponse["body"] };
    }

    let parsed: WebhookEvent[];
    try {
      parsed = definition.parse(request);
    } catch (error) {
      count("malformed");
      this.log.debug({ platform, error: error instanceof Error ? error.message : String(error) }, "webhook body malformed");
      return { status: 400, body: { error: "malformed body" } };
    }

    // verified events of a type the integration does not subscribe to are acknowledged, counted, not kept
    const events = parsed.filter((event) => this.subscribed(event));
    count("unsubscribed", parsed.length - events.length);

    const waitSeconds = events.length === 0 ? undefined : this.limiter?.take(events.length);
    if (waitSeconds !== undefined) {
      count("rate_limited");
      return { status: 429, headers: { "retry-after": String(waitSeconds) }, body: { error: "rate limited" } };
    }

    try {
      const { accepted, duplicates } = await this.inbox.enqueue(events);
      count("accepted", accepted);
      count("deduplicated", duplicates);
      if (accepted > 0) this.worker.notify();
      return { status: 200, body: { received: parsed.length, duplicates } };
    } catch (error) {
      // not stored: say so, and the platform redelivers
      count("unavailable");
      this.log.error({ platform, error: error instanceof Error ? error.message : String(error) }, "webhook could not be stored");
      return { status: 503, headers: { "retry-after": "5" }, body: { error: "temporarily unavailable" } };
    }
  }

  depth(): { depth: number; oldestAgeSeconds: number } {
    return this.inbox.depth();
  }

  /** Set while events cannot be stored because the memory service or the platform is unavailable. */
  waitingState(): WaitingState | undefined {
    return this.worker.waitingState();
  }

  /**
   * Stops taking webhooks (they are answered 503, so the platform redelivers them to another
   * replica), keeps delivering what the inbox holds until it is empty or `deliverUntil` (epoch ms;
   * default: no delivery beyond the event in flight) has passed, then stops the worker (the event
   * in flight finishes, bounded), flushes and closes the inbox. Whatever is left stays in the inbox
   * for the next process on this data directory.
   */
  async stop(options: { readonly deliverUntil?: number } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const deliverUntil = options.deliverUntil ?? 0;
    if (this.inbox.depth().depth > 0 && Date.now() < deliverUntil) {
      this.log.info({ platform: this.options.platform, pending: this.inbox.depth().depth }, "shutting down: delivering the inbox before stopping");
      while (this.inbox.depth().depth > 0 && Date.now() < deliverUntil) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(DELIVERY_CHECK_MS, Math.max(1, deliverUntil - Date.now()))));
      }
      const left = this.inbox.depth().depth;
      if (left > 0) this.log.warn({ platform: this.options.platform, pending: left }, "shutdown grace over: undelivered events stay in the inbox for the next process on this volume");
    }
    await this.worker.stop();
    this.metrics.unregister(this.options.platform);
    await this.inbox.close();
  }

  private subscribed(event: WebhookEvent): boolean {
    const subscriptions = this.options.settings.event_subscriptions;
    return subscriptions === undefined || event.subscription === undefined || subscriptions.includes(event.subscription);
  }

  private async verify(request: RawWebhookRequest): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      return await this.verifier(request);
    } catch (error) {
      this.log.warn({ platform: this.options.platform, error: error instanceof Error ? error.name : "unknown" }, "webhook verifier failed");
      return { ok: false, reason: "verifier error" };
    }
  }
}
