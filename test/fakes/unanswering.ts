/**
 * A platform API that never answers: it takes every request, reads its body, records it and keeps
 * it open. What a test can see from here is what the platform would see: that a request arrived,
 * and that the client closed its connection (the request's socket closing) instead of waiting on.
 */
import { createServer } from "node:http";
import { listenOnLoopback } from "../support/loopback.js";

export interface HeldRequest {
  readonly method: string;
  readonly url: string;
  /** the client closed the connection this request came on */
  readonly closed: Promise<void>;
  isClosed(): boolean;
}

export interface UnansweringUpstream {
  readonly url: string;
  readonly requests: readonly HeldRequest[];
  /** resolves with the first request once it has arrived */
  firstRequest(): Promise<HeldRequest>;
  close(): Promise<void>;
}

export async function startUnansweringUpstream(): Promise<UnansweringUpstream> {
  const requests: HeldRequest[] = [];
  let arrived: (request: HeldRequest) => void = () => undefined;
  const first = new Promise<HeldRequest>((resolve) => (arrived = resolve));
  const server = createServer((req) => {
    let isClosed = false;
    const closed = new Promise<void>((resolve) =>
      req.socket.once("close", () => {
        isClosed = true;
        resolve();
      }),
    );
    req.resume();
    req.once("end", () => {
      const held: HeldRequest = { method: req.method ?? "GET", url: req.url ?? "/", closed, isClosed: () => isClosed };
      requests.push(held);
      arrived(held);
    });
  });
  const listener = await listenOnLoopback(server);
  return { url: listener.url, requests, firstRequest: () => first, close: () => listener.close() };
}
