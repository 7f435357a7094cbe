/**
 * A loopback HTTP fake of a platform API behind a sliding-window rate limit: at most `limit`
 * accepted requests in any `windowMs`; a request over the limit gets 429 with `Retry-After` (whole
 * seconds until the oldest accepted request leaves the window) and is not handled. Used by the sync
 * benchmark and its tests; the platform-specific part is the `handle` function.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { listenOnLoopback } from "../../support/loopback.js";

export interface FakeRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface FakeResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** serialized as JSON */
  readonly body?: unknown;
}

export type FakeHandler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

export interface FakeStats {
  /** requests answered by the handler */
  readonly accepted: number;
  readonly rejected429: number;
  /** requests the handler did not expect (it answered >= 400 other than 429): the client sent something wrong */
  readonly unexpected: readonly string[];
  /** most accepted requests seen in any window (never above the limit) */
  readonly peakInWindow: number;
  readonly firstAcceptedAtMs: number | undefined;
  readonly lastAcceptedAtMs: number | undefined;
}

export interface RateLimitedFake {
  readonly baseUrl: string;
  stats(): FakeStats;
  close(): Promise<void>;
}

export async function startRateLimitedFake(rateLimit: RateLimit | undefined, handle: FakeHandler): Promise<RateLimitedFake> {
  const acceptedAt: number[] = [];
  let windowStart = 0;
  let accepted = 0;
  let rejected429 = 0;
  let peakInWindow = 0;
  let firstAcceptedAtMs: number | undefined;
  let lastAcceptedAtMs: number | undefined;
  const unexpected: string[] = [];

  /** true when the request may proceed; otherwise the seconds to wait */
  const admit = (now: number): true | number => {
    if (!rateLimit) return true;
    while (windowStart < acceptedAt.length && acceptedAt[windowStart]! <= now - rateLimit.windowMs) windowStart += 1;
    const inWindow = acceptedAt.length - windowStart;
    if (inWindow >= rateLimit.limit) {
      return Math.max(1, Math.ceil((acceptedAt[windowStart]! + rateLimit.windowMs - now) / 1000));
    }
    acceptedAt.push(now);
    peakInWindow = Math.max(peakInWindow, inWindow + 1);
    return true;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const now = performance.now();
      const admitted = admit(now);
      if (admitted !== true) {
        rejected429 += 1;
        send(res, { status: 429, headers: { "retry-after": String(admitted) }, body: { message: "rate limit exceeded" } });
        return;
      }
      accepted += 1;
      firstAcceptedAtMs ??= now;
      lastAcceptedAtMs = now;
      const request: FakeRequest = {
        method: req.method ?? "GET",
        url: new URL(req.url ?? "/", "http://127.0.0.1"),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      Promise.resolve()
        .then(() => handle(request))
        .then(
          (response) => {
            if (response.status >= 400) unexpected.push(`${request.method} ${request.url.pathname}${request.url.search} -> ${response.status}`);
            send(res, response);
          },
          (error: unknown) => {
            unexpected.push(`${request.method} ${request.url.pathname}: handler threw ${String(error)}`);
            send(res, { status: 500, body: { message: "fake handler failed" } });
          },
        );
    });
  });
  const listener = await listenOnLoopback(server);
  return {
    baseUrl: listener.url,
    stats: () => ({ accepted, rejected429, unexpected: [...unexpected], peakInWindow, firstAcceptedAtMs, lastAcceptedAtMs }),
    close: listener.close,
  };
}

function send(res: ServerResponse, response: FakeResponse): void {
  const body = response.body === undefined ? "" : JSON.stringify(response.body);
  res.writeHead(response.status, { "content-type": "application/json", ...response.headers });
  res.end(body);
}
