import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import type { MemoryRecord, MemorySink, SyncDefinition, SyncPage, ToolContext } from "../../services/runtime/contract.js";

export function makeRecords(count: number, prefix = "rec", from = 0): MemoryRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return {
      key: `hubspot:contact:${prefix}-${n}`,
      source: "hubspot",
      type: "contact",
      timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
      title: `Contact ${n}`,
      content: `Contact number ${n}`,
      record: { id: `${prefix}-${n}` },
    } satisfies MemoryRecord;
  });
}

/**
 * A memory sink that keeps what it stores by key (idempotent, like the real one), counts how often
 * each key was written, and tracks the most store calls it saw in flight at once.
 */
export class RecordingSink implements MemorySink {
  readonly stored = new Map<string, MemoryRecord>();
  readonly writesPerKey = new Map<string, number>();
  readonly callSizes: number[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** decides, before a call is accepted, whether it fails */
  failWhen: (records: readonly MemoryRecord[], call: number) => Error | undefined = () => undefined;
  /** awaited inside each call, to hold calls open */
  delay: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve));
  /** called after a call stored its records */
  afterStore: (sink: RecordingSink) => void = () => {};

  async store(records: readonly MemoryRecord[]): Promise<void> {
    const call = this.callSizes.push(records.length);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.delay();
      const failure = this.failWhen(records, call);
      if (failure) throw failure;
      for (const record of records) {
        this.stored.set(record.key, record);
        this.writesPerKey.set(record.key, (this.writesPerKey.get(record.key) ?? 0) + 1);
      }
      this.afterStore(this);
    } finally {
      this.inFlight -= 1;
    }
  }
}

/**
 * A paginated incremental sync over a growing list: the checkpoint is the index of the next
 * record, so a later run picks up records appended since. Records the fetcher saw start are logged.
 */
export class ListSync implements SyncDefinition<unknown> {
  readonly startedFrom: (string | undefined)[] = [];
  pagesServed = 0;
  /** when set, pages carry `total` (the records left from the run's checkpoint), as HubSpot search does */
  reportsTotal = false;
  /** throw this instead of serving the page at this index (once) */
  failAtPage?: { page: number; error: Error };

  constructor(
    readonly object: string,
    readonly records: MemoryRecord[],
    readonly pageSize: number,
  ) {}

  async *run(checkpoint: string | undefined, ctx: ToolContext<unknown>): AsyncIterable<SyncPage> {
    this.startedFrom.push(checkpoint);
    let index = checkpoint === undefined ? 0 : Number(checkpoint);
    let page = 0;
    const total = this.records.length - index;
    while (index < this.records.length) {
      ctx.signal.throwIfAborted();
      await new Promise((resolve) => setImmediate(resolve));
      if (this.failAtPage?.page === page) {
        const { error } = this.failAtPage;
        this.failAtPage = undefined;
        throw error;
      }
      const records = this.records.slice(index, index + this.pageSize);
      index += records.length;
      page += 1;
      this.pagesServed += 1;
      yield { records, checkpoint: String(index), ...(this.reportsTotal ? { total } : {}) };
    }
  }
}

export interface CapturedLog {
  readonly log: Logger;
  readonly lines: Array<Record<string, unknown>>;
}

export function captureLog(): CapturedLog {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: "debug" }, stream), lines };
}

export const silentLog: Logger = pino({ level: "silent" });

export function makeContext(memory: MemorySink, signal: AbortSignal = new AbortController().signal, now = () => new Date()): ToolContext<unknown> {
  return {
    api: undefined,
    memory,
    log: silentLog,
    clock: { now },
    signal,
    settings: { enabled: true, mcp_server_port: 9002 },
  };
}
