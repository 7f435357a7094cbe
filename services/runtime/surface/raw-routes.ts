/**
 * Routes that get the exact bytes of the request body: the platform's webhooks (verified over
 * them) and the framework-independent routes a definition adds. The router reads the body under
 * the server's limit before these run.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { HttpRoute, RawWebhookRequest } from "../contract.js";
import { publicUrlOf } from "../webhook-url.js";
import { flattenHeaders, queryOf, sendAnswer, sendJson } from "./http-io.js";

export type BodyRoute = (req: IncomingMessage, res: ServerResponse, body: Buffer, url: URL) => Promise<void>;

export interface WebhookResponder {
  handle(request: RawWebhookRequest): Promise<{ status: number; headers?: Record<string, string>; body?: string | object }>;
}

export function webhookRoute(intake: WebhookResponder, options: { readonly publicUrl?: URL }): BodyRoute {
  return async (req, res, body) => {
    const originalUrl = req.url ?? "/";
    const request: RawWebhookRequest = {
      method: req.method ?? "POST",
      url: originalUrl,
      publicUrl: publicUrlOf(originalUrl, options.publicUrl, `http://${req.headers.host ?? "localhost"}`),
      headers: flattenHeaders(req.headers),
      rawBody: body,
      receivedAt: new Date(),
    };
    sendAnswer(res, await intake.handle(request));
  };
}

/** A fixed answer for webhooks when the platform's webhook secret is missing: retry later, nothing stored. */
export function unavailableWebhookRoute(reason: string): BodyRoute {
  return async (_req, res) => {
    sendJson(res, 503, { error: `webhooks are not accepted: ${reason}` }, { "retry-after": "300" });
  };
}

export function definitionRoute(route: HttpRoute, log: Logger): BodyRoute {
  return async (req, res, body, url) => {
    try {
      sendAnswer(res, await route.handle({ headers: flattenHeaders(req.headers), query: queryOf(url), rawBody: body }));
    } catch (error) {
      log.error({ err: error, route: route.path }, "route handler failed");
      if (!res.headersSent) sendJson(res, 500, { error: "internal error; the problem was logged" });
    }
  };
}
