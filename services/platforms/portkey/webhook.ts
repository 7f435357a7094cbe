/**
 * Portkey sends no event webhooks: its only "webhook" is the guardrail callout it makes
 * synchronously while serving a request, and the SDK's `webhooks` helpers verify OpenAI's webhooks,
 * not Portkey's. Analytics are polled by the sync instead (sync.ts).
 */
import type { WebhookDefinition } from "../../runtime/contract.js";
import type { PortkeyApi } from "./api/index.js";

export const webhook: WebhookDefinition<PortkeyApi> | undefined = undefined;
