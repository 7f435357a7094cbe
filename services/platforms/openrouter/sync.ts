/**
 * OpenRouter has no batch sync: what it does reaches memory through Broadcast (one memory per
 * generation, webhook.ts), and spend is read live by the key, credits and activity tools.
 */
import type { SyncDefinition } from "../../runtime/contract.js";
import type { OpenrouterApi } from "./api/index.js";

export const syncs: readonly SyncDefinition<OpenrouterApi>[] = [];
