/**
 * The Figma REST API client: thin typed functions over the runtime's PlatformHttp, which owns the
 * X-Figma-Token header, pacing to rate_limits.api_calls_per_minute, retries (honouring Figma's
 * Retry-After on 429), deadlines and typed errors. No policy lives here.
 *
 * Figma has no vendor runtime client; `@figma/rest-api-spec` is types only, and every response is
 * parsed here with the zod schemas in ../types/raw.ts written from that spec.
 *
 * Figma rate-limits per user and per endpoint tier (from 2025-11-17; Dev/Full seats): Tier 1 (file
 * content, nodes, rendered images) 10-20/min, Tier 2 (comments, versions, projects, metadata, dev
 * resources, webhooks) 25-100/min, Tier 3 (components, styles) 50+/min. The runtime paces every call
 * to the integration's single api_calls_per_minute, set to the Tier 1 figure.
 */
import { type ApiFactoryContext, UpstreamError } from "../../../runtime/contract.js";
import {
  type RawComment,
  type RawComponentsResponse,
  type RawDevResource,
  type RawFileMeta,
  type RawFileNodesResponse,
  type RawFileResponse,
  type RawImagesResponse,
  type RawLocalVariables,
  type RawMe,
  type RawPostDevResources,
  type RawProjectFiles,
  type RawStylesResponse,
  type RawTeamProjects,
  type RawVersionsResponse,
  type RawWebhook,
  commentSchema,
  commentsResponseSchema,
  componentsResponseSchema,
  deleteCommentResponseSchema,
  devResourcesResponseSchema,
  fileMetaResponseSchema,
  fileNodesResponseSchema,
  fileResponseSchema,
  imageFillsResponseSchema,
  imagesResponseSchema,
  localVariablesResponseSchema,
  meResponseSchema,
  postDevResourcesResponseSchema,
  projectFilesResponseSchema,
  stylesResponseSchema,
  teamProjectsResponseSchema,
  versionsResponseSchema,
  webhookSchema,
  webhooksResponseSchema,
} from "../types/raw.js";

export type ImageFormat = "png" | "jpg" | "svg" | "pdf";
export type WebhookContextType = "team" | "project" | "file";

export interface LibraryPage {
  readonly pageSize: number;
  readonly after?: number;
}

export interface NewWebhook {
  readonly eventType: string;
  readonly context: WebhookContextType;
  readonly contextId: string;
  readonly endpoint: string;
  readonly description?: string;
  readonly paused?: boolean;
}

export interface FigmaApi {
  /** FIGMA_TEAM_ID, the team the project, library, webhook tools and the files sync default to */
  readonly defaultTeamId: string | undefined;
  getFile(fileKey: string, options: { depth?: number; version?: string }, signal?: AbortSignal): Promise<RawFileResponse>;
  getMe(signal?: AbortSignal): Promise<RawMe>;
  getFileMeta(fileKey: string, signal?: AbortSignal): Promise<RawFileMeta>;
  getLocalVariables(fileKey: string, signal?: AbortSignal): Promise<RawLocalVariables>;
  getFileNodes(fileKey: string, ids: readonly string[], options: { depth?: number; version?: string }, signal?: AbortSignal): Promise<RawFileNodesResponse>;
  renderImages(fileKey: string, ids: readonly string[], options: { format: ImageFormat; scale?: number; version?: string }, signal?: AbortSignal): Promise<RawImagesResponse>;
  /** imageRef -> download URL (null when Figma has none) for every image fill in the file */
  getImageFills(fileKey: string, signal?: AbortSignal): Promise<Readonly<Record<string, string | null>>>;
  listComments(fileKey: string, signal?: AbortSignal): Promise<RawComment[]>;
  postComment(fileKey: string, comment: { message: string; replyTo?: string; nodeId?: string }, signal?: AbortSignal): Promise<RawComment>;
  deleteComment(fileKey: string, commentId: string, signal?: AbortSignal): Promise<void>;
  listVersions(fileKey: string, page: { pageSize: number; before?: string }, signal?: AbortSignal): Promise<RawVersionsResponse>;
  listTeamProjects(teamId: string, signal?: AbortSignal): Promise<RawTeamProjects>;
  listProjectFiles(projectId: string, signal?: AbortSignal): Promise<RawProjectFiles>;
  listTeamComponents(teamId: string, page: LibraryPage, signal?: AbortSignal): Promise<RawComponentsResponse>;
  listFileComponents(fileKey: string, signal?: AbortSignal): Promise<RawComponentsResponse>;
  listTeamStyles(teamId: string, page: LibraryPage, signal?: AbortSignal): Promise<RawStylesResponse>;
  listFileStyles(fileKey: string, signal?: AbortSignal): Promise<RawStylesResponse>;
  listDevResources(fileKey: string, nodeIds: readonly string[] | undefined, signal?: AbortSignal): Promise<RawDevResource[]>;
  createDevResources(resources: readonly { name: string; url: string; fileKey: string; nodeId: string }[], signal?: AbortSignal): Promise<RawPostDevResources>;
  listWebhooks(context: WebhookContextType, contextId: string, signal?: AbortSignal): Promise<RawWebhook[]>;
  /** registers a webhook whose events carry FIGMA_WEBHOOK_PASSCODE; throws when none is configured */
  createWebhook(webhook: NewWebhook, signal?: AbortSignal): Promise<RawWebhook>;
}

const segment = encodeURIComponent;
const ids = (list: readonly string[]) => list.join(",");

export function createApi({ http, credentials }: ApiFactoryContext): FigmaApi {
  const passcode = credentials.FIGMA_WEBHOOK_PASSCODE;
  const teamId = credentials.FIGMA_TEAM_ID;
  return {
    defaultTeamId: teamId === undefined || teamId === "" ? undefined : teamId,

    getFile: (fileKey, options, signal) =>
      http.json({ method: "GET", url: `/v1/files/${segment(fileKey)}`, query: { depth: options.depth, version: options.version }, signal }, fileResponseSchema),

    getMe: (signal) => http.json({ method: "GET", url: "/v1/me", signal }, meResponseSchema),

    getLocalVariables: async (fileKey, signal) =>
      (await http.json({ method: "GET", url: `/v1/files/${segment(fileKey)}/variables/local`, signal }, localVariablesResponseSchema)).meta,

    getFileMeta: async (fileKey, signal) => (await http.json({ method: "GET", url: `/v1/files/${segment(fileKey)}/meta`, signal }, fileMetaResponseSchema)).file,

    getFileNodes: (fileKey, nodeIds, options, signal) =>
      http.json(
        { method: "GET", url: `/v1/files/${segment(fileKey)}/nodes`, query: { ids: ids(nodeIds), depth: options.depth, version: options.version }, signal },
        fileNodesResponseSchema,
      ),

    renderImages: (fileKey, nodeIds, options, signal) =>
      http.json(
        { method: "GET", url: `/v1/images/${segment(fileKey)}`, query: { ids: ids(nodeIds), format: options.format, scale: options.scale, version: options.version }, signal },
        imagesResponseSchema,
      ),

    getImageFills: async (fileKey, signal) =>
      (await http.json({ method: "GET", url: `/v1/files/${segment(fileKey)}/images`, signal }, imageFillsResponseSchema)).meta.images,

    listComments: async (fileKey, signal) =>
      (await http.json({ method: "GET", url: `/v1/files/${segment(fileKey)}/comments`, query: { as_md: true }, signal }, commentsResponseSchema)).comments,

    postComment: (fileKey, comment, signal) =>
      http.json(
        {
          method: "POST",
          url: `/v1/files/${segment(fileKey)}/comments`,
          body: {
            message: comment.message,
            ...(comment.replyTo ? { comment_id: comment.replyTo } : {}),
            // FrameOffset: pinned to the node's top-left corner
            ...(comment.nodeId ? { client_meta: { node_id: comment.nodeId, node_offset: { x: 0, y: 0 } } } : {}),
          },
          signal,
        },
        commentSchema,
      ),

    deleteComment: async (fileKey, commentId, signal) => {
      await http.json({ method: "DELETE", url: `/v1/files/${segment(fileKey)}/comments/${segment(commentId)}`, signal }, deleteCommentResponseSchema);
    },

    listVersions: (fileKey, page, signal) =>
      http.json({ method: "GET", url: `/v1/files/${segment(fileKey)}/versions`, query: { page_size: page.pageSize, before: page.before }, signal }, versionsResponseSchema),

    listTeamProjects: (team, signal) => http.json({ method: "GET", url: `/v1/teams/${segment(team)}/projects`, signal }, teamProjectsResponseSchema),

    listProjectFiles: (projectId, signal) => http.json({ method: "GET", url: `/v1/projects/${segment(projectId)}/files`, signal }, projectFilesResponseSchema),

    listTeamComponents: (team, page, signal) =>
      http.json({ method: "GET", url: `/v1/teams/${segment(team)}/components`, query: { page_size: page.pageSize, after: page.after }, signal }, componentsResponseSchema),

    listFileComponents: (fileKey, signal) => http.json({ method: "GET", url: `/v1/files/${segment(fileKey)}/components`, signal }, componentsResponseSchema),

    listTeamStyles: (team, page, signal) =>
      http.json({ method: "GET", url: `/v1/teams/${segment(team)}/styles`, query: { page_size: page.pageSize, after: page.after }, signal }, stylesResponseSchema),

    listFileStyles: (fileKey, signal) => http.json({ method: "GET", url: `/v1/files/${segment(fileKey)}/styles`, signal }, stylesResponseSchema),

    listDevResources: async (fileKey, nodeIds, signal) =>
      (
        await http.json(
          { method: "GET", url: `/v1/files/${segment(fileKey)}/dev_resources`, query: { node_ids: nodeIds && nodeIds.length > 0 ? ids(nodeIds) : undefined }, signal },
          devResourcesResponseSchema,
        )
      ).dev_resources,

    createDevResources: (resources, signal) =>
      http.json(
        {
          method: "POST",
          url: "/v1/dev_resources",
          body: { dev_resources: resources.map((r) => ({ name: r.name, url: r.url, file_key: r.fileKey, node_id: r.nodeId })) },
          signal,
        },
        postDevResourcesResponseSchema,
      ),

    listWebhooks: async (context, contextId, signal) =>
      (await http.json({ method: "GET", url: "/v2/webhooks", query: { context, context_id: contextId }, signal }, webhooksResponseSchema)).webhooks,

    createWebhook: (webhook, signal) => {
      if (passcode === undefined || passcode === "") {
        return Promise.reject(new UpstreamError("figma", 400, false, "FIGMA_WEBHOOK_PASSCODE is not set on this server: a webhook created without it could not be verified"));
      }
      return http.json(
        {
          method: "POST",
          url: "/v2/webhooks",
          body: {
            event_type: webhook.eventType,
            context: webhook.context,
            context_id: webhook.contextId,
            endpoint: webhook.endpoint,
            passcode,
            status: webhook.paused ? "PAUSED" : "ACTIVE",
            ...(webhook.description ? { description: webhook.description } : {}),
          },
          signal,
        },
        webhookSchema,
      );
    },
  };
}
