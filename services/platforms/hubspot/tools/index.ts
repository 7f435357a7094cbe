import type { ToolDefinition } from "../../../runtime/contract.js";
import type { HubspotApi } from "../api/index.js";
import { associateObjects } from "./associate-objects.js";
import { createNote } from "./create-note.js";
import { createObject } from "./create-object.js";
import { createTask } from "./create-task.js";
import { getObject } from "./get-object.js";
import { listAssociations } from "./list-associations.js";
import { listOwners } from "./list-owners.js";
import { listPipelines } from "./list-pipelines.js";
import { searchObjects } from "./search-objects.js";
import { updateObject } from "./update-object.js";

export const tools: readonly ToolDefinition<HubspotApi>[] = [
  searchObjects,
  getObject,
  createObject,
  updateObject,
  listAssociations,
  associateObjects,
  createNote,
  createTask,
  listOwners,
  listPipelines,
];
