/**
 * Snowflake sends no webhooks this server could receive: its notification integrations of
 * TYPE=WEBHOOK post to Slack, Microsoft Teams and PagerDuty only, unsigned, and carry alert texts
 * rather than events. Query history, metering and task runs are read from ACCOUNT_USAGE by the
 * syncs instead (sync.ts).
 */
import type { WebhookDefinition } from "../../runtime/contract.js";
import type { SnowflakeApi } from "./api/index.js";

export const webhook: WebhookDefinition<SnowflakeApi> | undefined = undefined;
