/**
 * Drains the inbox into `process`: claims one event at a time per loop and marks it done on
 * success. A failure is classified (failures.ts):
 * - waiting for the memory service or the platform (unreachable, 5xx, 429, not configured): the
 *   event stays pending and the loop pauses with backoff capped at `maxWaitDelayMs` before it
 *   claims again, so an outage costs one probe per pause, not one request per waiting event.
 *   This never counts toward dead-lettering; only an event older than `retentionMs` is
 *   dead-lettered, loudly. The first failure of an outage and the recovery are logged once each;
 * - rejected by the memory service as invalid: dead-lettered at once, with the reason kept;
 * - anything else: retried with full-jitter exponential backoff until `maxAttempts` are spent,
 *   then dead-lettered.
 * Dead letters are kept in the inbox, counted, and re-driven with `npm run inbox`. Each
 * event's outcome is written together with the claim of the next (one message to the inbox's
 * writer thread, one transaction), and before the next event is processed: a crash repeats at
 * most the one event in flight.
 *
 * Delivery to `process` is at-least-once: an event whose processing was cut short by a crash is
 * processed again after the restart, so `process` must be idempotent by the event's key (the
 * memory sink is: MemoryRecord.key).
 */
import type { Logger } from "pino";
import type { WebhookEvent } from "../contract.js";
import { classifyFailure } from "./failures.js";
import type { ClaimedEvent, Inbox, Settlement } from "./inbox.js";
import type { WebhookMetrics } from "./metrics.js";

export interface WorkerOptions {
  /** attempts before an event whose processing fails (not a wait) is dead-lettered; default 8 */
  readonly maxAttempts: number;
  /** the longest pause between probes while the memory service or the platform is unavailable; default 30 s */
  readonly maxWaitDelayMs: number;
  /** how long an event may wait for an unavailable sink before it is dead-lettered; default 7 days */
  readonly retentionMs: number;
  /** full-jitter backoff between attempts; default 1 s doubling up to 10 min */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** an event still processing after this is taken over by another loop; default 10 min */
  readonly leaseMs: number;
  /** parallel loops; default 1 (events of one platform are processed in arrival order) */
  readonly concurrency: number;
  /** how long stop() waits for in-flight events before closing anyway; default 10 s */
  readonly stopGraceMs: number;
  /** longest idle wait before looking at the inbox again; default 1 s */
  readonly pollMs: number;
  readonly random: () => number;
  readonly now: () => number;
}

const DEFAULTS: WorkerOptions = {
  maxAttempts: 8,
  maxWaitDelayMs: 30_000,
  retentionMs: 7 * 24 * 3_600_000,
  baseDelayMs: 1_000,
  maxDelayMs: 600_000,
  leaseMs: 600_000,
  concurrency: 1,
  stopGraceMs: 10_000,
  pollMs: 1_000,
  random: Math.random,
  now: Date.now,
};

/** What the worker is waiting for while events cannot be stored, for status and metrics. */
export interface WaitingState {
  readonly waitingFor: "memory" | "platform";
  /** epoch ms of the first failure of this outage */
  readonly sinceMs: number;
  /** the last failure's cause, without secrets */
  readonly cause: string;
}

const PRUNE_EVERY_MS = 10 * 60_000;

export class InboxWorker {
  private readonly options: WorkerOptions;
  private running: Promise<void>[] = [];
  private stopping = false;
  /** sleeps that new arrivals end (idle polls) */
  private readonly sleepers = new Set<() => void>();
  /** every sleep: stop() ends them all */
  private readonly stoppers = new Set<() => void>();
  private lastPrune = 0;
  private waiting: WaitingState | undefined;
  private consecutiveWaits = 0;

  constructor(
    private readonly inbox: Inbox,
    private readonly process: (event: WebhookEvent) => Promise<void>,
    private readonly metrics: WebhookMetrics,
    private readonly platform: string,
    private readonly log: Logger,
    options: Partial<WorkerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    if (this.running.length > 0 || this.stopping) return;
    this.running = Array.from({ length: Math.max(1, this.options.concurrency) }, () => this.loop());
  }

  /** Set while events cannot be stored because the memory service or the platform is unavailable. */
  waitingState(): WaitingState | undefined {
    return this.waiting;
  }

  /** Wakes idle loops (called after new events were committed). */
  notify(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.stoppers]) wake();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), this.options.stopGraceMs);
    });
    const finished = await Promise.race([Promise.all(this.running).then(() => "done" as const), grace]);
    clearTimeout(timer);
    if (finished === "timeout") {
      // the unfinished event stays "processing" and is taken up again by the next process
      this.log.warn({ platform: this.platform }, "inbox worker still busy at shutdown; its event will be processed after restart");
    }
  }

  private async loop(): Promise<void> {
    let settlement: Settlement | undefined;
    while (!this.stopping) {
      let claimed: ClaimedEvent | undefined;
      try {
        this.pruneNowAndThen();
        claimed = await this.inbox.settleAndClaim(settlement, this.options.leaseMs);
        this.settled(settlement);
      } catch (error) {
        // the outcome is lost with the transaction: the event stays leased and is processed again
        this.log.error({ platform: this.platform, error: describe(error) }, "inbox update failed");
      }
      settlement = undefined;
      if (claimed === undefined) {
        await this.idle();
        continue;
      }
      const outcome = await this.processOne(claimed);
      settlement = outcome.settlement;
      if (outcome.pauseMs > 0 && !this.stopping) {
        // record the outcome now, then probe again only after the pause (new arrivals do not wake it)
        try {
          await this.inbox.settleAndClaim(settlement);
          this.settled(settlement);
        } catch (error) {
          this.log.error({ platform: this.platform, error: describe(error) }, "inbox update failed");
        }
        settlement = undefined;
        await this.sleep(outcome.pauseMs, false);
      }
    }
    if (settlement === undefined) return;
    try {
      await this.inbox.settleAndClaim(settlement);
      this.settled(settlement);
    } catch (error) {
      this.log.error({ platform: this.platform, error: describe(error) }, "inbox update failed");
    }
  }

  private async processOne(claimed: ClaimedEvent): Promise<{ settlement: Settlement; pauseMs: number }> {
    try {
      await this.process(claimed.event);
      this.recovered();
      return { settlement: { eventId: claimed.id, result: "done" }, pauseMs: 0 };
    } catch (error) {
      const cause = describe(error);
      const fields = { platform: this.platform, dedupeKey: claimed.event.dedupeKey, type: claimed.event.type, attempts: claimed.attempts, error: cause };
      const failure = classifyFailure(error);
      if (failure.kind === "waiting") return this.waitFor(failure.waitingFor ?? "memory", claimed, cause, fields);
      if (failure.kind === "rejected") {
        this.log.error(fields, "webhook event dead-lettered: the memory service rejected its records as invalid (re-drive with npm run inbox once fixed)");
        return { settlement: { eventId: claimed.id, result: "dead", error: `rejected: ${cause}` }, pauseMs: 0 };
      }
      if (claimed.attempts >= this.options.maxAttempts) {
        this.log.error(fields, "webhook event dead-lettered after its last attempt (re-drive with npm run inbox)");
        return { settlement: { eventId: claimed.id, result: "dead", error: cause }, pauseMs: 0 };
      }
      const delay = Math.floor(this.options.random() * Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (claimed.attempts - 1)));
      this.log.warn({ ...fields, retryInMs: delay }, "webhook event processing failed; will retry");
      return { settlement: { eventId: claimed.id, result: "retry", retryInMs: delay, error: cause }, pauseMs: 0 };
    }
  }

  /** The event stays pending (its attempts do not count) and the loop pauses before probing again. */
  private waitFor(
    waitingFor: "memory" | "platform",
    claimed: ClaimedEvent,
    cause: string,
    fields: Record<string, unknown>,
  ): { settlement: Settlement; pauseMs: number } {
    const now = this.options.now();
    const what = waitingFor === "memory" ? "the memory service" : `the ${this.platform} API`;
    if (now - claimed.receivedAtMs > this.options.retentionMs) {
      const hours = Math.round(this.options.retentionMs / 3_600_000);
      this.log.error(fields, `webhook event dead-lettered: it waited longer than the inbox retention (${hours} h) for ${what}`);
      return { settlement: { eventId: claimed.id, result: "dead", error: `waited longer than ${hours} h for ${what}: ${cause}` }, pauseMs: 0 };
    }
    this.consecutiveWaits += 1;
    const ceiling = Math.min(this.options.maxWaitDelayMs, this.options.baseDelayMs * 2 ** Math.min(30, this.consecutiveWaits - 1));
    // jittered, but never shorter than half the step, so replicas do not probe in lockstep
    const pauseMs = Math.floor(ceiling * (0.5 + this.options.random() / 2));
    if (this.waiting === undefined) {
      this.log.warn(
        { ...fields, waitingFor, retryEveryMs: this.options.maxWaitDelayMs },
        `${what} is unavailable: webhook events wait in the inbox and are retried until it is back`,
      );
      this.waiting = { waitingFor, sinceMs: now, cause };
    } else {
      this.waiting = { ...this.waiting, waitingFor, cause };
      this.log.debug({ ...fields, pauseMs }, `${what} still unavailable`);
    }
    return { settlement: { eventId: claimed.id, result: "retry", retryInMs: pauseMs, error: cause }, pauseMs };
  }

  private recovered(): void {
    this.consecutiveWaits = 0;
    if (this.waiting === undefined) return;
    const { waitingFor, sinceMs } = this.waiting;
    this.waiting = undefined;
    const depth = this.inbox.depth().depth;
    this.log.info(
      { platform: this.platform, waitingFor, waitedSeconds: Math.round((this.options.now() - sinceMs) / 1000), pending: depth },
      `${waitingFor === "memory" ? "the memory service" : `the ${this.platform} API`} is available again; draining the inbox`,
    );
  }

  /** Counts an outcome once it is committed. */
  private settled(settlement: Settlement | undefined): void {
    if (settlement !== undefined) this.metrics.processed.inc({ platform: this.platform, outcome: settlement.result });
  }

  private async idle(): Promise<void> {
    if (this.stopping) return;
    let wait = this.options.pollMs;
    try {
      const nextReady = this.inbox.nextReadyInMs();
      if (nextReady !== undefined) wait = Math.min(wait, nextReady);
    } catch {
      // the poll interval still applies
    }
    await this.sleep(wait, true);
  }

  /** Sleeps `ms`; stop() always wakes it, notify() only when `wakeOnArrival`. */
  private async sleep(ms: number, wakeOnArrival: boolean): Promise<void> {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        this.stoppers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (wakeOnArrival) this.sleepers.add(done);
      this.stoppers.add(done);
    });
  }

  private pruneNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    // on the writer thread, in chunks between other writes; nothing waits for it
    this.inbox.prune().then(
      ({ done, dead }) => {
        // dead letters were never stored in memory: their going is said loudly
        if (dead > 0) this.log.warn({ platform: this.platform, deadLetters: dead }, "dead letters past their retention (retention.inbox_dead_days) deleted");
        if (done > 0) this.log.debug({ platform: this.platform, done }, "processed events past their retention deleted");
      },
      (error: unknown) => this.log.error({ platform: this.platform, error: describe(error) }, "inbox prune failed"),
    );
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return String(error).slice(0, 500);
}
