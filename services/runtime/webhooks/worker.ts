/**
 * Drains the inbox into `process`: claims one event at a time per loop, marks it done on success,
 * and on failure schedules a retry with full-jitter exponential backoff until the attempts are
 * spent, when the event is dead-lettered (kept in the inbox and counted, never dropped). Each
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
import type { ClaimedEvent, Inbox, Settlement } from "./inbox.js";
import type { WebhookMetrics } from "./metrics.js";

export interface WorkerOptions {
  /** attempts before an event is dead-lettered; default 8 */
  readonly maxAttempts: number;
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
}

const DEFAULTS: WorkerOptions = {
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 600_000,
  leaseMs: 600_000,
  concurrency: 1,
  stopGraceMs: 10_000,
  pollMs: 1_000,
  random: Math.random,
};

const PRUNE_EVERY_MS = 10 * 60_000;

export class InboxWorker {
  private readonly options: WorkerOptions;
  private running: Promise<void>[] = [];
  private stopping = false;
  private readonly sleepers = new Set<() => void>();
  private lastPrune = 0;

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

  /** Wakes idle loops (called after new events were committed). */
  notify(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.notify();
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
      settlement = await this.processOne(claimed);
    }
    if (settlement === undefined) return;
    try {
      await this.inbox.settleAndClaim(settlement);
      this.settled(settlement);
    } catch (error) {
      this.log.error({ platform: this.platform, error: describe(error) }, "inbox update failed");
    }
  }

  private async processOne(claimed: ClaimedEvent): Promise<Settlement> {
    try {
      await this.process(claimed.event);
      return { eventId: claimed.id, result: "done" };
    } catch (error) {
      const fields = { platform: this.platform, dedupeKey: claimed.event.dedupeKey, type: claimed.event.type, attempts: claimed.attempts, error: describe(error) };
      if (claimed.attempts >= this.options.maxAttempts) {
        this.log.error(fields, "webhook event dead-lettered after its last attempt");
        return { eventId: claimed.id, result: "dead", error: fields.error };
      }
      const delay = Math.floor(this.options.random() * Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (claimed.attempts - 1)));
      this.log.warn({ ...fields, retryInMs: delay }, "webhook event processing failed; will retry");
      return { eventId: claimed.id, result: "retry", retryInMs: delay, error: fields.error };
    }
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
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, wait);
      this.sleepers.add(done);
    });
  }

  private pruneNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    // on the writer thread, in chunks between other writes; nothing waits for it
    this.inbox.prune().catch((error: unknown) => this.log.error({ platform: this.platform, error: describe(error) }, "inbox prune failed"));
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return String(error).slice(0, 500);
}
