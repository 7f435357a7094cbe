import type { ToolDefinition } from "../../../runtime/contract.js";
import type { FigmaApi } from "../api/index.js";
import { createDevResource } from "./create-dev-resource.js";
import { createWebhook } from "./create-webhook.js";
import { deleteComment } from "./delete-comment.js";
import { getCurrentUser } from "./get-current-user.js";
import { getFile } from "./get-file.js";
import { getFileMetadata } from "./get-file-metadata.js";
import { getImageFills } from "./get-image-fills.js";
import { getNodes } from "./get-nodes.js";
import { getVariables } from "./get-variables.js";
import { listComments } from "./list-comments.js";
import { listComponents } from "./list-components.js";
import { listDevResources } from "./list-dev-resources.js";
import { listProjectFiles } from "./list-project-files.js";
import { listProjects } from "./list-projects.js";
import { listStyles } from "./list-styles.js";
import { listVersions } from "./list-versions.js";
import { listWebhooks } from "./list-webhooks.js";
import { postComment } from "./post-comment.js";
import { renderImages } from "./render-images.js";

export const tools: readonly ToolDefinition<FigmaApi>[] = [
  getCurrentUser,
  getFile,
  getFileMetadata,
  getNodes,
  renderImages,
  getImageFills,
  listVersions,
  listComments,
  postComment,
  deleteComment,
  listProjects,
  listProjectFiles,
  listComponents,
  listStyles,
  getVariables,
  listDevResources,
  createDevResource,
  listWebhooks,
  createWebhook,
];
