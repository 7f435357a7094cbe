/**
 * Lambda Cloud sends no webhooks: its API (OpenAPI 1.10.0) has no subscription endpoint and no
 * event delivery. Instances and the audit log are polled by the syncs instead (sync.ts).
 */
import type { WebhookDefinition } from "../../runtime/contract.js";
import type { LambdaLabsApi } from "./api/index.js";

export const webhook: WebhookDefinition<LambdaLabsApi> | undefined = undefined;
