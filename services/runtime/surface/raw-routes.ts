/**
 * Routes that need the exact bytes of the request body (webhooks are verified over them) and the
 * framework-independent routes a definition adds. Bodies are read raw under the server's limit
 * (larger: 413 before the handler runs), headers arrive lower-cased.
 */
import express, { type RequestHandler, type Response } from "express";
import type { Logger } from "pino";
import type { HttpRoute, HttpRouteResponse, RawWebhookRequest } from "../contract.js";
import type { SecretScrubber } from "../observability/secret-scrubber.js";

export interface WebhookResponder {
  handle(request: RawWebhookRequest): Promise<{ status: number; headers?: Record<string, string>; body?: string | object }>;
}

export function rawBody(maxBodyBytes: number): RequestHandler {
  return express.raw({ type: () => true, limit: maxBodyBytes });
}

export function webhookRoute(intake: WebhookResponder, options: { readonly publicUrl?: URL; readonly log: Logger }): RequestHandler {
  return async (req, res, next) => {
    try {
      const request: RawWebhookRequest = {
        method: req.method,
        url: req.originalUrl,
        publicUrl: publicUrlOf(req.originalUrl, options.publicUrl, `${req.protocol}://${req.get("host") ?? "localhost"}`),
        headers: flattenHeaders(req.headers),
        rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        receivedAt: new Date(),
      };
      send(res, await intake.handle(request));
    } catch (error) {
      next(error);
    }
  };
}

/** A fixed answer for webhooks when the platform's webhook secret is missing: retry later, nothing stored. */
export function unavailableWebhookRoute(reason: string): RequestHandler {
  return (_req, res) => {
    res.status(503).set("retry-after", "300").json({ error: `webhooks are not accepted: ${reason}` });
  };
}

export function definitionRoute(route: HttpRoute, options: { readonly log: Logger; readonly scrubber: SecretScrubber }): RequestHandler {
  return async (req, res) => {
    try {
      const response = await route.handle({
        headers: flattenHeaders(req.headers),
        query: flattenQuery(req.query),
        rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      });
      send(res, response);
    } catch (error) {
      options.log.error({ err: error, route: route.path }, "route handler failed");
      if (!res.headersSent) res.status(500).json({ error: "internal error; the problem was logged" });
    }
  };
}

function send(res: Response, answer: { status: number; headers?: Readonly<Record<string, string>>; body?: HttpRouteResponse["body"] | object }): void {
  res.status(answer.status);
  if (answer.headers) res.set({ ...answer.headers });
  if (answer.body === undefined) res.end();
  else if (typeof answer.body === "string") res.send(answer.body);
  else res.json(answer.body);
}

/** The URL the platform called: the configured public URL (what it signed) plus this request's query. */
export function publicUrlOf(originalUrl: string, publicUrl: URL | undefined, localOrigin: string): string {
  const queryStart = originalUrl.indexOf("?");
  const query = queryStart === -1 ? "" : originalUrl.slice(queryStart);
  if (publicUrl === undefined) return `${localOrigin}${originalUrl}`;
  const base = new URL(publicUrl);
  base.search = "";
  base.hash = "";
  return `${base.href}${query}`;
}

function flattenHeaders(headers: NodeJS.Dict<string | string[]>): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  return flat;
}

function flattenQuery(query: unknown): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  if (query === null || typeof query !== "object") return flat;
  for (const [name, value] of Object.entries(query as Record<string, unknown>)) {
    if (typeof value === "string") flat[name] = value;
    else if (Array.isArray(value) && typeof value[0] === "string") flat[name] = value[0];
  }
  return flat;
}
