/**
 * The MemorySink other servers use: POSTs records to the memory server's authenticated ingest
 * endpoint. Any non-2xx answer or network failure throws, so the caller's durable inbox keeps the
 * event and retries it; the server's idempotency by key makes the retry harmless.
 */
import type { MemoryRecord, MemorySink } from "../runtime/contract.js";

export interface MemoryClientOptions {
  /** the memory server's base URL, e.g. http://memory:9010 */
  readonly url: string;
  /** MEMORY_INGEST_TOKEN */
  readonly token?: string;
  readonly fetch?: typeof fetch;
  /** default 30 s */
  readonly timeoutMs?: number;
}

export class MemoryIngestError extends Error {
  override readonly name = "MemoryIngestError";
  constructor(
    message: string,
    /** HTTP status, or 0 when no answer came */
    readonly status: number,
  ) {
    super(message);
  }
}

/** at most this many records per request (the server accepts up to 1,000) */
const BATCH = 500;

export function createMemoryClient(options: MemoryClientOptions): MemorySink {
  const doFetch = options.fetch ?? fetch;
  const endpoint = `${options.url.replace(/\/+$/, "")}/ingest`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    async store(records: readonly MemoryRecord[]): Promise<void> {
      for (let start = 0; start < records.length; start += BATCH) {
        const batch = records.slice(start, start + BATCH);
        let response: Response;
        try {
          response = await doFetch(endpoint, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
            },
            body: JSON.stringify({ records: batch }),
            signal: AbortSignal.timeout(timeoutMs),
          });
        } catch (error) {
          throw new MemoryIngestError(`memory server unreachable: ${(error as Error).message}`, 0);
        }
        // drain the body either way so the connection can be reused
        const text = await response.text().catch(() => "");
        if (!response.ok) {
          throw new MemoryIngestError(`memory ingest answered ${response.status}: ${text.slice(0, 200)}`, response.status);
        }
      }
    },
  };
}
