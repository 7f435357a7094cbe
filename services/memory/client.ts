/**
 * The MemorySink other servers use: POSTs records to the memory server's authenticated ingest
 * endpoint. Any non-2xx answer or network failure throws, so the caller's durable inbox keeps the
 * event and retries it; the server's idempotency by key makes the retry harmless. It also reads a
 * platform's memories back (POST /records/list) and deletes them by a record field
 * (POST /records/delete), with the same token.
 */
import type { MemoryListPage, MemoryListQuery, MemoryMatch, MemoryRecord, MemorySink } from "../runtime/contract.js";

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
  const base = options.url.replace(/\/+$/, "");
  const post = async (path: string, body: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new MemoryIngestError(`memory server unreachable: ${(error as Error).message}`, 0);
    }
    const text = await response.text().catch(() => "");
    if (!response.ok) throw new MemoryIngestError(`memory ${path} answered ${response.status}: ${text.slice(0, 200)}`, response.status);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new MemoryIngestError(`memory ${path} answered with a body that is not JSON`, response.status);
    }
  };
  return {
    async list(query: MemoryListQuery): Promise<MemoryListPage> {
      const { limit, cursor, ...filters } = query;
      const answer = (await post("/records/list", { filters, ...(limit === undefined ? {} : { limit }), ...(cursor === undefined ? {} : { cursor }) })) as MemoryListPage;
      if (!Array.isArray(answer.memories)) throw new MemoryIngestError("memory /records/list answered without memories", 200);
      return answer;
    },
    async deleteMatching(match: MemoryMatch): Promise<{ deleted: number }> {
      const answer = (await post("/records/delete", match)) as { deleted?: unknown };
      if (typeof answer.deleted !== "number") throw new MemoryIngestError("memory /records/delete answered without a count", 200);
      return { deleted: answer.deleted };
    },
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
