/**
 * The node:http server under the app: timeouts that bound slow clients, and a drain that stops
 * accepting, lets requests in flight finish (up to a grace period) and then closes what is left.
 */
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A client must send its headers within this. */
const HEADERS_TIMEOUT_MS = 10_000;
/** ...and its whole request (headers and body) within this; the response may take longer. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Idle keep-alive connections close after this. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** How often node checks the two timeouts above (its default, 30 s, would let a slow client linger 40 s). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export interface Listener {
  readonly port: number;
  readonly server: Server;
  /** requests whose response has not finished */
  inFlight(): number;
  /** stop accepting, wait for requests in flight up to graceMs, then close every connection */
  drain(graceMs: number): Promise<void>;
}

export async function listen(handler: RequestListener, options: { readonly port: number; readonly host: string }): Promise<Listener> {
  const server = createServer({
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
  });
  let active = 0;
  let draining = false;
  server.on("request", (_req, res) => {
    active += 1;
    // a response finished while draining should not leave its keep-alive connection open
    if (draining) res.setHeader("connection", "close");
    res.once("close", () => {
      active -= 1;
    });
  });
  // after the tracker, so it sees the request before the app can answer it
  server.on("request", handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    server,
    inFlight: () => active,
    async drain(graceMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (active > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        server.closeIdleConnections();
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
