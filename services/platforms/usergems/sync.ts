/**
 * UserGems has no batch sync: its API is write-only, and what it knows reaches us only through
 * its "Send to Webhook" campaign action (webhook.ts).
 */
import type { SyncDefinition } from "../../runtime/contract.js";
import type { UsergemsApi } from "./api/index.js";

export const syncs: readonly SyncDefinition<UsergemsApi>[] = [];
