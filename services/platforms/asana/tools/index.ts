import type { ToolDefinition } from "../../../runtime/contract.js";
import type { AsanaApi } from "../api/index.js";
import { addComment } from "./add-comment.js";
import { addTaskDependencies } from "./add-task-dependencies.js";
import { createProjectStatus } from "./create-project-status.js";
import { createTask } from "./create-task.js";
import { createWebhook } from "./create-webhook.js";
import { deleteProjectStatus } from "./delete-project-status.js";
import { deleteWebhook } from "./delete-webhook.js";
import { getProject } from "./get-project.js";
import { getTask } from "./get-task.js";
import { getTasks } from "./get-tasks.js";
import { listMyTasks } from "./list-my-tasks.js";
import { listProjectStatuses } from "./list-project-statuses.js";
import { listProjects } from "./list-projects.js";
import { listSections } from "./list-sections.js";
import { listTags } from "./list-tags.js";
import { listTaskStories } from "./list-task-stories.js";
import { listTasks } from "./list-tasks.js";
import { listWebhooks } from "./list-webhooks.js";
import { listWorkspaces } from "./list-workspaces.js";
import { moveTaskToSection } from "./move-task-to-section.js";
import { searchObjects } from "./search-objects.js";
import { searchTasks } from "./search-tasks.js";
import { setTaskParent } from "./set-task-parent.js";
import { updateTask } from "./update-task.js";

export const tools: readonly ToolDefinition<AsanaApi>[] = [
  listWorkspaces,
  searchObjects,
  listProjects,
  getProject,
  listSections,
  listProjectStatuses,
  createProjectStatus,
  deleteProjectStatus,
  listTasks,
  listMyTasks,
  searchTasks,
  getTask,
  getTasks,
  listTaskStories,
  createTask,
  updateTask,
  addComment,
  setTaskParent,
  addTaskDependencies,
  moveTaskToSection,
  listTags,
  listWebhooks,
  createWebhook,
  deleteWebhook,
];
