import type { ToolDefinition } from "../../../runtime/contract.js";
import type { OpenrouterApi } from "../api/index.js";
import { askModel } from "./ask-model.js";
import { getActivity } from "./get-activity.js";
import { getCredits } from "./get-credits.js";
import { getGeneration } from "./get-generation.js";
import { getKeyStatus } from "./get-key-status.js";
import { listModelEndpoints } from "./list-model-endpoints.js";
import { listProviders } from "./list-providers.js";
import { searchModels } from "./search-models.js";

export const tools: readonly ToolDefinition<OpenrouterApi>[] = [
  searchModels,
  listModelEndpoints,
  listProviders,
  getKeyStatus,
  getCredits,
  getGeneration,
  getActivity,
  askModel,
];
