/**
 * Small node:http helpers for the surface: bounded body reading (413 past the limit, before the
 * handler runs), JSON answers, header and query flattening. The surface is plain node:http rather
 * than a framework because it has a handful of fixed routes and its per-request cost counts (see
 * bench/runtime.bench.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads the whole body, refusing more than maxBytes (by Content-Length up front, or while reading). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) throw new HttpError(413, "request body too large");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, "request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** An answer from a webhook intake or a definition route: a string body is sent as is, an object as JSON. */
export function sendAnswer(
  res: ServerResponse,
  answer: { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: unknown },
): void {
  const headers = { ...answer.headers };
  if (answer.body === undefined) {
    res.writeHead(answer.status, headers).end();
  } else if (typeof answer.body === "string") {
    const hasType = Object.keys(headers).some((name) => name.toLowerCase() === "content-type");
    res.writeHead(answer.status, hasType ? headers : { ...headers, "content-type": "text/plain; charset=utf-8" }).end(answer.body);
  } else {
    sendJson(res, answer.status, answer.body, headers);
  }
}

export function flattenHeaders(headers: NodeJS.Dict<string | string[]>): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  return flat;
}

export function queryOf(url: URL): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {};
  for (const [name, value] of url.searchParams) query[name] ??= value;
  return query;
}
