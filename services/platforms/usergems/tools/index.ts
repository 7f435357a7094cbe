import type { ToolDefinition } from "../../../runtime/contract.js";
import type { UsergemsApi } from "../api/index.js";
import { privacyDelete } from "./privacy-delete.js";
import { recentSignals } from "./recent-signals.js";
import { trackAccounts } from "./track-accounts.js";
import { trackContacts } from "./track-contacts.js";
import { untrackAccounts } from "./untrack-accounts.js";
import { untrackContacts } from "./untrack-contacts.js";

export const tools: readonly ToolDefinition<UsergemsApi>[] = [recentSignals, trackContacts, untrackContacts, trackAccounts, untrackAccounts, privacyDelete];
