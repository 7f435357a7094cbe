/**
 * The client of the memory server's webhook state endpoint (services/platforms/memory/state-route.ts),
 * bound to one platform: what lets every replica of a server read a value one of them stored.
 * Any answer other than 200 (or 404 for a key never set) and any network failure throws a
 * MemoryStateError that names the key and the status, never the value.
 */
import type { CompareAndSetState } from "../runtime/http/refresh-token-store.js";

export interface MemoryStateClientOptions {
  /** the memory server's base URL, e.g. http://memory:9010 */
  readonly url: string;
  /** MEMORY_INGEST_TOKEN */
  readonly token?: string;
  /** whose state: the platform name (e.g. "asana") */
  readonly platform: string;
  readonly fetch?: typeof fetch;
  /** default 5 s: a webhook waits on it */
  readonly timeoutMs?: number;
}

export class MemoryStateError extends Error {
  override readonly name = "MemoryStateError";
  constructor(
    message: string,
    /** HTTP status, or 0 when no answer came */
    readonly status: number,
  ) {
    super(message);
  }
}

export function createMemoryStateClient(options: MemoryStateClientOptions): CompareAndSetState {
  const doFetch = options.fetch ?? fetch;
  const endpoint = `${options.url.replace(/\/+$/, "")}/state`;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const authorization: Record<string, string> = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };

  async function call(what: string, url: string, init: RequestInit): Promise<{ status: number; text: string }> {
    let response: Response;
    try {
      response = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new MemoryStateError(`memory server unreachable (${what}): ${(error as Error).message}`, 0);
    }
    return { status: response.status, text: await response.text().catch(() => "") };
  }

  /** the server's error code, when it sent one (its bodies never carry values) */
  const reasonOf = (text: string) => {
    try {
      const code = (JSON.parse(text) as { error?: unknown }).error;
      return typeof code === "string" ? `: ${code}` : "";
    } catch {
      return "";
    }
  };

  return {
    async get(key) {
      const query = new URLSearchParams({ platform: options.platform, key });
      const what = `reading ${options.platform} state "${key}"`;
      const { status, text } = await call(what, `${endpoint}?${query}`, { method: "GET", headers: authorization });
      if (status === 404) return undefined;
      if (status !== 200) throw new MemoryStateError(`memory server answered ${status} ${what}${reasonOf(text)}`, status);
      const value = (JSON.parse(text) as { value?: unknown }).value;
      if (typeof value !== "string") throw new MemoryStateError(`memory server sent no value ${what}`, status);
      return value;
    },
    async set(key, value) {
      const what = `storing ${options.platform} state "${key}"`;
      const { status, text } = await call(what, endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", ...authorization },
        body: JSON.stringify({ platform: options.platform, key, value }),
      });
      if (status !== 200) throw new MemoryStateError(`memory server answered ${status} ${what}${reasonOf(text)}`, status);
    },
    async compareAndSet(key, expected, value) {
      const what = `replacing ${options.platform} state "${key}"`;
      const { status, text } = await call(what, endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", ...authorization },
        body: JSON.stringify({ platform: options.platform, key, value, expected: expected ?? null }),
      });
      if (status === 409) return false;
      if (status !== 200) throw new MemoryStateError(`memory server answered ${status} ${what}${reasonOf(text)}`, status);
      return true;
    },
  };
}
