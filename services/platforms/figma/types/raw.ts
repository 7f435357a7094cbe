/**
 * Figma REST API responses as Figma documents them (the OpenAPI spec in figma/rest-api-spec,
 * `dist/api_types.ts`), parsed, never trusted. Only the fields we read are required; objects are
 * loose so a field Figma adds later does not break a parse.
 */
import { z } from "zod";

export const userSchema = z.object({
  id: z.string(),
  handle: z.string(),
  img_url: z.string().optional(),
  email: z.string().optional(),
});
export type RawUser = z.infer<typeof userSchema>;

/** A document node: every node has id, name and type; children only on containers. */
export interface RawNode {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly visible?: boolean;
  readonly children?: readonly RawNode[];
  readonly characters?: string;
  readonly absoluteBoundingBox?: { readonly x: number; readonly y: number; readonly width: number; readonly height: number } | null;
  readonly componentId?: string;
  readonly devStatus?: { readonly type: string; readonly description?: string } | null;
  /** paints; an IMAGE paint names its picture by imageRef (GET /v1/files/{key}/images gives its URL) */
  readonly fills?: readonly { readonly type: string; readonly imageRef?: string | null }[];
}
export const nodeSchema: z.ZodType<RawNode> = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    visible: z.boolean().optional(),
    children: z.array(nodeSchema).optional(),
    characters: z.string().optional(),
    absoluteBoundingBox: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).nullable().optional(),
    componentId: z.string().optional(),
    devStatus: z.object({ type: z.string(), description: z.string().optional() }).nullable().optional(),
    fills: z.array(z.object({ type: z.string(), imageRef: z.string().nullable().optional() })).optional(),
  }),
);

const componentMetaSchema = z.object({ key: z.string(), name: z.string(), description: z.string().optional().default("") });
const styleMetaSchema = z.object({ key: z.string(), name: z.string(), styleType: z.string(), description: z.string().optional().default("") });

/** GET /v1/files/{file_key} */
export const fileResponseSchema = z.object({
  name: z.string(),
  role: z.string().optional(),
  lastModified: z.string(),
  editorType: z.string(),
  thumbnailUrl: z.string().optional(),
  version: z.string(),
  document: nodeSchema,
  components: z.record(z.string(), componentMetaSchema).optional().default({}),
  componentSets: z.record(z.string(), componentMetaSchema.partial({ key: true })).optional().default({}),
  styles: z.record(z.string(), styleMetaSchema).optional().default({}),
  mainFileKey: z.string().optional(),
  branches: z.array(z.object({ key: z.string(), name: z.string(), last_modified: z.string().optional() })).optional(),
});
export type RawFileResponse = z.infer<typeof fileResponseSchema>;

/** GET /v1/files/{file_key}/nodes: a node id that does not exist maps to null */
export const fileNodesResponseSchema = z.object({
  name: z.string(),
  lastModified: z.string(),
  version: z.string(),
  nodes: z.record(z.string(), z.object({ document: nodeSchema }).nullable()),
});
export type RawFileNodesResponse = z.infer<typeof fileNodesResponseSchema>;

/** GET /v1/images/{file_key}: a node that failed to render maps to null */
export const imagesResponseSchema = z.object({
  err: z.string().nullable(),
  images: z.record(z.string(), z.string().nullable()),
});
export type RawImagesResponse = z.infer<typeof imagesResponseSchema>;

/** GET /v1/files/{file_key}/meta (Tier 2: far cheaper than the file itself) */
export const fileMetaResponseSchema = z.object({
  file: z.object({
    name: z.string(),
    folder_name: z.string().optional(),
    last_touched_at: z.string(),
    creator: userSchema,
    last_touched_by: userSchema.optional(),
    thumbnail_url: z.string().optional(),
    editorType: z.string(),
    role: z.string().optional(),
    link_access: z.string().optional(),
    url: z.string().optional(),
    version: z.string().optional(),
  }),
});
export type RawFileMeta = z.infer<typeof fileMetaResponseSchema>["file"];

export const commentSchema = z.object({
  id: z.string(),
  file_key: z.string(),
  parent_id: z.string().nullable().optional(),
  user: userSchema,
  created_at: z.string(),
  resolved_at: z.string().nullable().optional(),
  message: z.string(),
  order_id: z.string().nullable().optional(),
  client_meta: z.object({ node_id: z.string().optional() }).loose().nullable().optional(),
  reactions: z.array(z.object({ user: userSchema, emoji: z.string(), created_at: z.string().optional() })).optional().default([]),
});
export type RawComment = z.infer<typeof commentSchema>;
export const commentsResponseSchema = z.object({ comments: z.array(commentSchema) });
export const deleteCommentResponseSchema = z.object({ status: z.number(), error: z.boolean() });

export const versionSchema = z.object({
  id: z.string(),
  created_at: z.string(),
  label: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  user: userSchema,
  thumbnail_url: z.string().optional(),
});
export type RawVersion = z.infer<typeof versionSchema>;
export const versionsResponseSchema = z.object({
  versions: z.array(versionSchema),
  pagination: z.object({ prev_page: z.string().optional(), next_page: z.string().optional() }).optional().default({}),
});
export type RawVersionsResponse = z.infer<typeof versionsResponseSchema>;

export const teamProjectsResponseSchema = z.object({
  name: z.string(),
  projects: z.array(z.object({ id: z.coerce.string(), name: z.string() })),
});
export type RawTeamProjects = z.infer<typeof teamProjectsResponseSchema>;

export const projectFileSchema = z.object({
  key: z.string(),
  name: z.string(),
  thumbnail_url: z.string().optional(),
  last_modified: z.string(),
});
export type RawProjectFile = z.infer<typeof projectFileSchema>;
export const projectFilesResponseSchema = z.object({ name: z.string(), files: z.array(projectFileSchema) });
export type RawProjectFiles = z.infer<typeof projectFilesResponseSchema>;

const frameInfoSchema = z.object({ nodeId: z.string().optional(), name: z.string().optional(), pageName: z.string().optional() });

/** What a published component and a published style both carry (Figma's PublishedItem). */
const publishedItemShape = {
  key: z.string(),
  file_key: z.string(),
  node_id: z.string(),
  thumbnail_url: z.string().optional(),
  name: z.string(),
  description: z.string().optional().default(""),
  created_at: z.string(),
  updated_at: z.string(),
  user: userSchema,
};

export const publishedComponentSchema = z.object({ ...publishedItemShape, containing_frame: frameInfoSchema.optional() });
export type RawPublishedComponent = z.infer<typeof publishedComponentSchema>;

export const publishedStyleSchema = z.object({ ...publishedItemShape, style_type: z.string(), sort_position: z.string().optional() });
export type RawPublishedStyle = z.infer<typeof publishedStyleSchema>;

const cursorSchema = z.object({ before: z.number().optional(), after: z.number().optional() });
export const componentsResponseSchema = z.object({
  meta: z.object({ components: z.array(publishedComponentSchema), cursor: cursorSchema.optional() }),
});
export type RawComponentsResponse = z.infer<typeof componentsResponseSchema>;
export const stylesResponseSchema = z.object({
  meta: z.object({ styles: z.array(publishedStyleSchema), cursor: cursorSchema.optional() }),
});
export type RawStylesResponse = z.infer<typeof stylesResponseSchema>;

export const devResourceSchema = z.object({ id: z.string(), name: z.string(), url: z.string(), file_key: z.string(), node_id: z.string() });
export type RawDevResource = z.infer<typeof devResourceSchema>;
export const devResourcesResponseSchema = z.object({ dev_resources: z.array(devResourceSchema) });
export const postDevResourcesResponseSchema = z.object({
  links_created: z.array(devResourceSchema),
  errors: z.array(z.object({ file_key: z.string().nullable().optional(), node_id: z.string().nullable().optional(), error: z.string() })).optional().default([]),
});
export type RawPostDevResources = z.infer<typeof postDevResourcesResponseSchema>;

export const WEBHOOK_EVENT_TYPES = ["PING", "FILE_UPDATE", "FILE_VERSION_UPDATE", "FILE_DELETE", "LIBRARY_PUBLISH", "FILE_COMMENT", "DEV_MODE_STATUS_UPDATE"] as const;

export const webhookSchema = z.object({
  id: z.coerce.string(),
  event_type: z.string(),
  team_id: z.coerce.string().nullable().optional(),
  context: z.string().optional(),
  context_id: z.coerce.string().optional(),
  plan_api_id: z.coerce.string().nullable().optional(),
  status: z.string(),
  client_id: z.string().nullable().optional(),
  /** always "" from GET endpoints; never shown by our tools either way */
  passcode: z.string().optional(),
  endpoint: z.string(),
  description: z.string().nullable().optional(),
});
export type RawWebhook = z.infer<typeof webhookSchema>;
export const webhooksResponseSchema = z.object({
  webhooks: z.array(webhookSchema),
  pagination: z.object({ prev_page: z.string().optional(), next_page: z.string().optional() }).optional(),
});

/** GET /v1/me */
export const meResponseSchema = userSchema.extend({ email: z.string() });
export type RawMe = z.infer<typeof meResponseSchema>;

const rgbaSchema = z.object({ r: z.number(), g: z.number(), b: z.number(), a: z.number() });
const aliasSchema = z.object({ type: z.literal("VARIABLE_ALIAS"), id: z.string() });
export const variableValueSchema = z.union([z.boolean(), z.number(), z.string(), aliasSchema, rgbaSchema]);
export type RawVariableValue = z.infer<typeof variableValueSchema>;

/** GET /v1/files/{file_key}/variables/local (Enterprise plans only) */
export const localVariablesResponseSchema = z.object({
  meta: z.object({
    variables: z.record(
      z.string(),
      z.object({
        id: z.string(),
        name: z.string(),
        key: z.string(),
        variableCollectionId: z.string(),
        resolvedType: z.string(),
        valuesByMode: z.record(z.string(), variableValueSchema),
        remote: z.boolean().optional().default(false),
        description: z.string().optional().default(""),
        hiddenFromPublishing: z.boolean().optional().default(false),
        deletedButReferenced: z.boolean().optional(),
      }),
    ),
    variableCollections: z.record(
      z.string(),
      z.object({
        id: z.string(),
        name: z.string(),
        key: z.string(),
        modes: z.array(z.object({ modeId: z.string(), name: z.string() })),
        defaultModeId: z.string(),
        remote: z.boolean().optional().default(false),
        variableIds: z.array(z.string()).optional().default([]),
      }),
    ),
  }),
});
export type RawLocalVariables = z.infer<typeof localVariablesResponseSchema>["meta"];

/** GET /v1/files/{file_key}/images: image fill references to download URLs (valid up to 14 days) */
export const imageFillsResponseSchema = z.object({ meta: z.object({ images: z.record(z.string(), z.string().nullable()) }) });
