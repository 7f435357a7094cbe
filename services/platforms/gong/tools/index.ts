import type { ToolDefinition } from "../../../runtime/contract.js";
import type { GongApi } from "../api/index.js";
import { gongGetActivityStats } from "./activity-stats.js";
import { gongGetCallDetails } from "./call-details.js";
import { gongGetCallTranscript } from "./call-transcript.js";
import { gongGetCall } from "./get-call.js";
import { gongListCalls } from "./list-calls.js";
import { gongListTrackers } from "./list-trackers.js";
import { gongListUsers } from "./list-users.js";
import { gongSearchCalls } from "./search-calls.js";

export const tools: readonly ToolDefinition<GongApi>[] = [
  gongListCalls,
  gongSearchCalls,
  gongGetCall,
  gongGetCallDetails,
  gongGetCallTranscript,
  gongListUsers,
  gongListTrackers,
  gongGetActivityStats,
];
