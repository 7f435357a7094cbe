/**
 * A webhook request's body read as JSON: by a definition's `parse` once the request is verified,
 * and by the verifiers whose scheme keeps its proof or timestamp in the body. It throws on a body
 * that is not JSON, or not of `schema`'s shape (the intake answers a throwing `parse` with 400).
 */
import type { z } from "zod";
import type { RawWebhookRequest } from "../contract.js";

export function jsonBody(request: Pick<RawWebhookRequest, "rawBody">): unknown;
export function jsonBody<Schema extends z.ZodType>(request: Pick<RawWebhookRequest, "rawBody">, schema: Schema): z.output<Schema>;
export function jsonBody(request: Pick<RawWebhookRequest, "rawBody">, schema?: z.ZodType): unknown {
  const body: unknown = JSON.parse(request.rawBody.toString("utf8"));
  return schema === undefined ? body : schema.parse(body);
}
