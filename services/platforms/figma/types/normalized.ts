/**
 * Our normalized output schemas for Figma tools and memories, and the conversions from Figma's raw
 * shapes. Every output carries the link a person would open.
 */
import { z } from "zod";
import type {
  RawComment,
  RawDevResource,
  RawNode,
  RawProjectFile,
  RawPublishedComponent,
  RawPublishedStyle,
  RawUser,
  RawVersion,
  RawWebhook,
} from "./raw.js";

/** Figma's file link; a node is addressed with node-id, its ":" written as "-" as Figma's own links do. */
export function fileUrl(fileKey: string, nodeId?: string): string {
  const base = `https://www.figma.com/design/${encodeURIComponent(fileKey)}`;
  return nodeId === undefined ? base : `${base}?node-id=${encodeURIComponent(nodeId.replace(/:/g, "-"))}`;
}

export const personSchema = z.object({ id: z.string(), handle: z.string() });
export type Person = z.infer<typeof personSchema>;
export const toPerson = (user: RawUser): Person => ({ id: user.id, handle: user.handle });

export interface NodeSummary {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly text?: string;
  readonly size?: { readonly width: number; readonly height: number };
  readonly devStatus?: string;
  /** imageRefs of the node's image fills (figma_get_image_fills turns them into URLs) */
  readonly imageRefs?: readonly string[];
  /** how many children Figma returned for it (at the depth asked for); fewer appear under `children` when the node cap is reached */
  readonly childCount?: number;
  readonly children?: readonly NodeSummary[];
}
export const nodeSummarySchema: z.ZodType<NodeSummary> = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    text: z.string().optional(),
    size: z.object({ width: z.number(), height: z.number() }).optional(),
    devStatus: z.string().optional(),
    imageRefs: z.array(z.string()).optional(),
    childCount: z.number().int().optional(),
    children: z.array(nodeSummarySchema).optional(),
  }),
);

/** Text longer than this is cut (a text layer can hold a whole document). */
const TEXT_IN_SUMMARY = 500;

/**
 * A node tree as a model can read it: ids, names, types, text, sizes; geometry, fills and effects
 * are left out. At most `budget.left` nodes are kept (the rest are counted in childCount).
 */
export function toNodeSummary(node: RawNode, budget: { left: number }): NodeSummary {
  budget.left -= 1;
  const children = node.children ?? [];
  const kept: NodeSummary[] = [];
  for (const child of children) {
    if (budget.left <= 0) break;
    kept.push(toNodeSummary(child, budget));
  }
  const box = node.absoluteBoundingBox;
  const imageRefs = (node.fills ?? []).flatMap((fill) => (fill.type === "IMAGE" && fill.imageRef ? [fill.imageRef] : []));
  return {
    id: node.id,
    name: node.name,
    type: node.type,
    ...(node.characters !== undefined ? { text: node.characters.length > TEXT_IN_SUMMARY ? `${node.characters.slice(0, TEXT_IN_SUMMARY)}…` : node.characters } : {}),
    ...(box ? { size: { width: box.width, height: box.height } } : {}),
    ...(node.devStatus ? { devStatus: node.devStatus.type } : {}),
    ...(imageRefs.length > 0 ? { imageRefs } : {}),
    ...(children.length > 0 ? { childCount: children.length } : {}),
    ...(kept.length > 0 ? { children: kept } : {}),
  };
}

export const commentOutputSchema = z.object({
  id: z.string(),
  fileKey: z.string(),
  parentId: z.string().optional(),
  author: personSchema,
  message: z.string(),
  createdAt: z.string(),
  resolvedAt: z.string().optional(),
  /** the number shown on the pin in Figma (top-level comments only) */
  number: z.string().optional(),
  nodeId: z.string().optional(),
  reactions: z.array(z.object({ emoji: z.string(), by: z.string() })),
  url: z.string(),
});
export type CommentOutput = z.infer<typeof commentOutputSchema>;

export function toComment(raw: RawComment): CommentOutput {
  const nodeId = raw.client_meta?.node_id;
  return {
    id: raw.id,
    fileKey: raw.file_key,
    ...(raw.parent_id ? { parentId: raw.parent_id } : {}),
    author: toPerson(raw.user),
    message: raw.message,
    createdAt: raw.created_at,
    ...(raw.resolved_at ? { resolvedAt: raw.resolved_at } : {}),
    ...(raw.order_id ? { number: raw.order_id } : {}),
    ...(nodeId ? { nodeId } : {}),
    reactions: raw.reactions.map((reaction) => ({ emoji: reaction.emoji, by: reaction.user.handle })),
    url: fileUrl(raw.file_key, nodeId),
  };
}

export const versionOutputSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  /** null for autosaved versions; named versions carry the label given in the editor */
  label: z.string().nullable(),
  description: z.string().nullable(),
  author: personSchema,
});
export type VersionOutput = z.infer<typeof versionOutputSchema>;
export const toVersion = (raw: RawVersion): VersionOutput => ({
  id: raw.id,
  createdAt: raw.created_at,
  label: raw.label ?? null,
  description: raw.description ?? null,
  author: toPerson(raw.user),
});

export const projectFileOutputSchema = z.object({ key: z.string(), name: z.string(), lastModified: z.string(), url: z.string() });
export const toProjectFile = (raw: RawProjectFile) => ({ key: raw.key, name: raw.name, lastModified: raw.last_modified, url: fileUrl(raw.key) });

export const libraryItemOutputSchema = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  fileKey: z.string(),
  nodeId: z.string(),
  /** FILL, TEXT, EFFECT or GRID for styles; absent for components */
  styleType: z.string().optional(),
  /** the frame (and page) a component sits in */
  frame: z.string().optional(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  url: z.string(),
});
export type LibraryItemOutput = z.infer<typeof libraryItemOutputSchema>;

/** A component or a style as a library item: what both carry, with what only one of them has. */
function toLibraryItem(raw: RawPublishedComponent | RawPublishedStyle, kind: Pick<LibraryItemOutput, "styleType" | "frame">): LibraryItemOutput {
  return {
    key: raw.key,
    name: raw.name,
    description: raw.description,
    fileKey: raw.file_key,
    nodeId: raw.node_id,
    ...kind,
    updatedAt: raw.updated_at,
    updatedBy: raw.user.handle,
    url: fileUrl(raw.file_key, raw.node_id),
  };
}

export function toComponent(raw: RawPublishedComponent): LibraryItemOutput {
  const frame = raw.containing_frame;
  const where = [frame?.pageName, frame?.name].filter((part): part is string => part !== undefined && part !== "").join(" / ");
  return toLibraryItem(raw, where ? { frame: where } : {});
}

export const toStyle = (raw: RawPublishedStyle): LibraryItemOutput => toLibraryItem(raw, { styleType: raw.style_type });

export const devResourceOutputSchema = z.object({ id: z.string(), name: z.string(), url: z.string(), fileKey: z.string(), nodeId: z.string() });
export const toDevResource = (raw: RawDevResource) => ({ id: raw.id, name: raw.name, url: raw.url, fileKey: raw.file_key, nodeId: raw.node_id });

export const webhookOutputSchema = z.object({
  id: z.string(),
  eventType: z.string(),
  context: z.string().optional(),
  contextId: z.string().optional(),
  status: z.string(),
  endpoint: z.string(),
  description: z.string().optional(),
});
/** The passcode is never part of what a tool returns. */
export const toWebhook = (raw: RawWebhook): z.infer<typeof webhookOutputSchema> => ({
  id: raw.id,
  eventType: raw.event_type,
  ...(raw.context ? { context: raw.context.toLowerCase() } : {}),
  ...((raw.context_id ?? raw.team_id) ? { contextId: raw.context_id ?? raw.team_id ?? undefined } : {}),
  status: raw.status,
  endpoint: raw.endpoint,
  ...(raw.description ? { description: raw.description } : {}),
});
