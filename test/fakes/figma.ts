/**
 * A Figma REST API on loopback: a small in-memory team (projects, files with pages and layers,
 * versions, comments, the published library, Dev Mode resources, webhooks v2) answering in Figma's
 * documented shapes (figma/rest-api-spec): `{ status, err }` errors on most endpoints and
 * `{ error: true, status, message }` on the newer ones, versions paged newest first with a
 * `pagination.next_page` URL, library pages with `meta.cursor`, nodes and images maps with null for
 * what does not exist, 429s with Retry-After, X-Figma-Plan-Tier and X-Figma-Rate-Limit-Type.
 *
 * It checks what we send: the X-Figma-Token header (or a Bearer token for OAuth), the query
 * parameters each endpoint takes (any other is refused), JSON bodies against the documented request
 * shapes (strict). Anything it does not recognise is answered 400/404 and listed in `unexpected`,
 * which tests assert is empty.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { type DeclaredFake, DeclaredPlatformFake, type FakeAnswer, type FakeRequest, FakeRejection, type FakeRoute, startDeclared } from "../support/loopback.js";

export interface FakeUser {
  readonly id: string;
  readonly handle: string;
  readonly img_url: string;
  readonly email?: string;
}
export interface FakeNode {
  id: string;
  name: string;
  type: string;
  characters?: string;
  fills?: { type: string; imageRef?: string }[];
  absoluteBoundingBox?: { x: number; y: number; width: number; height: number };
  children?: FakeNode[];
}
export interface FakeVersion {
  id: string;
  created_at: string;
  label: string | null;
  description: string | null;
  user: FakeUser;
}
export interface FakeComment {
  id: string;
  file_key: string;
  parent_id: string;
  user: FakeUser;
  created_at: string;
  resolved_at: string | null;
  message: string;
  order_id: string | null;
  client_meta: Record<string, unknown> | null;
  reactions: { user: FakeUser; emoji: string; created_at: string }[];
}
export interface FakeFile {
  key: string;
  name: string;
  projectId: string;
  lastModified: string;
  version: string;
  editorType: "figma" | "figjam";
  pages: FakeNode[];
  versions: FakeVersion[];
  comments: FakeComment[];
  devResources: { id: string; name: string; url: string; file_key: string; node_id: string }[];
}
export interface FakeLibraryItem {
  key: string;
  file_key: string;
  node_id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
  user: FakeUser;
  style_type?: "FILL" | "TEXT" | "EFFECT" | "GRID";
  containing_frame?: { nodeId?: string; name?: string; pageName?: string };
}
export interface FakeWebhook {
  id: string;
  event_type: string;
  team_id: string;
  context: string;
  context_id: string;
  plan_api_id: string;
  status: "ACTIVE" | "PAUSED";
  client_id: string | null;
  passcode: string;
  endpoint: string;
  description: string | null;
}
export type RecordedRequest = FakeRequest;
export type InjectedAnswer = FakeAnswer;

/** `{ status, err }` (most endpoints) or `{ error: true, status, message }` (dev resources, webhooks, projects' 400s). */
type ErrorShape = "err" | "boolean";

/** A Figma error: its shape rides as the rejection's code. */
function rejection(status: number, message: string, shape: ErrorShape = "err", expected = false): FakeRejection {
  return new FakeRejection(status, message, shape, expected);
}

const WEBHOOK_EVENTS = ["PING", "FILE_UPDATE", "FILE_VERSION_UPDATE", "FILE_DELETE", "LIBRARY_PUBLISH", "FILE_COMMENT", "DEV_MODE_STATUS_UPDATE"] as const;
const postCommentSchema = z.strictObject({
  message: z.string().min(1),
  comment_id: z.string().optional(),
  client_meta: z
    .union([
      z.strictObject({ x: z.number(), y: z.number() }),
      z.strictObject({ node_id: z.string(), node_offset: z.strictObject({ x: z.number(), y: z.number() }) }),
    ])
    .optional(),
});
const postDevResourcesSchema = z.strictObject({
  dev_resources: z.array(z.strictObject({ name: z.string().min(1), url: z.string().min(1), file_key: z.string().min(1), node_id: z.string().min(1) })).min(1),
});
const postWebhookSchema = z.strictObject({
  event_type: z.enum(WEBHOOK_EVENTS),
  context: z.enum(["team", "project", "file"]),
  context_id: z.string().min(1),
  endpoint: z.string().min(1).max(2048),
  passcode: z.string().min(1).max(100),
  status: z.enum(["ACTIVE", "PAUSED"]).optional(),
  description: z.string().max(150).optional(),
});

export class FigmaFake extends DeclaredPlatformFake {
  me: FakeUser = { id: "1001", handle: "Ada Lovelace", img_url: "https://s3-alpha.figma.com/profile/ada", email: "ada@acme.test" };
  team = { id: "1234567890", name: "Acme Design" };
  projects: { id: string; name: string }[] = [];
  readonly files = new Map<string, FakeFile>();
  components: FakeLibraryItem[] = [];
  styles: FakeLibraryItem[] = [];
  webhooks: FakeWebhook[] = [];
  /** local variables by file key, as GET /v1/files/{key}/variables/local's `meta`; absent: the plan has no variables API (403) */
  readonly variables = new Map<string, { variables: Record<string, unknown>; variableCollections: Record<string, unknown> }>();
  private nextId = 5000;

  private constructor(http: DeclaredFake, private readonly token: string, private readonly oauthToken?: string) {
    super(http);
  }

  static async start(options: { token?: string; oauthToken?: string } = {}): Promise<FigmaFake> {
    return startDeclared<FigmaFake>(
      (self) => ({
        contentType: "application/json; charset=utf-8",
        headers: () => ({ "x-figma-rest-api-request-id": randomUUID() }),
        unknownRouteCode: "err",
        errorBody: (rejected) => (rejected.code === "boolean" ? { error: true, status: rejected.status, message: rejected.message } : { status: rejected.status, err: rejected.message }),
        authorize: (request) => self().authenticate(request),
        routes: FigmaFake.routes(self),
      }),
      (http) => new FigmaFake(http, options.token ?? "figd_test-token", options.oauthToken),
    );
  }

  private static routes(self: () => FigmaFake): FakeRoute[] {
    const file = (r: RecordedRequest, shape: ErrorShape = "err") => self().file(r.params.key, shape);
    return [
      { method: "GET", path: "/v1/files/:key([A-Za-z0-9]+)", handle: (r) => self().getFile(file(r), r) },
      { method: "GET", path: "/v1/files/:key([A-Za-z0-9]+)/meta", handle: (r) => self().getMeta(file(r), r) },
      {
        method: "GET",
        path: "/v1/me",
        handle: (r) => {
          self().query(r, [], []);
          return { body: self().me };
        },
      },
      { method: "GET", path: "/v1/files/:key([A-Za-z0-9]+)/variables/local", handle: (r) => self().localVariables(r) },
      { method: "GET", path: "/v1/files/:key([A-Za-z0-9]+)/nodes", handle: (r) => self().getNodes(file(r), r) },
      { method: "GET", path: "/v1/files/:key([A-Za-z0-9]+)/images", handle: (r) => self().imageFills(r) },
      { method: "GET", path: "/v1/images/:key([A-Za-z0-9]+)", handle: (r) => self().getImages(file(r), r) },
      {
        method: "GET",
        path: "/v1/files/:key([A-Za-z0-9]+)/comments",
        handle: (r) => {
          self().query(r, [], ["as_md"]);
          return { body: { comments: file(r).comments } };
        },
      },
      { method: "POST", path: "/v1/files/:key([A-Za-z0-9]+)/comments", handle: (r) => self().postComment(file(r), r) },
      { method: "DELETE", path: "/v1/files/:key([A-Za-z0-9]+)/comments/:id(\\d+)", handle: (r) => self().deleteComment(file(r), r.params.id ?? "", r) },
      { method: "GET", path: "/v1/files/:key([A-Za-z0-9]+)/versions", handle: (r) => self().getVersions(file(r), r) },
      {
        method: "GET",
        path: "/v1/teams/:team(\\d+)/projects",
        handle: (r) => {
          self().query(r, [], []);
          self().teamMustBe(r.params.team);
          return { body: { name: self().team.name, projects: self().projects } };
        },
      },
      { method: "GET", path: "/v1/projects/:project(\\d+)/files", handle: (r) => self().getProjectFiles(r.params.project ?? "", r) },
      { method: "GET", path: "/v1/teams/:team(\\d+)/:kind(components|styles)", handle: (r) => self().teamLibrary(r.params.team ?? "", r.params.kind as "components" | "styles", r) },
      {
        method: "GET",
        path: "/v1/files/:key([A-Za-z0-9]+)/:kind(components|styles)",
        handle: (r) => {
          self().query(r, [], []);
          const key = file(r).key;
          const kind = r.params.kind as "components" | "styles";
          return { body: { status: 200, error: false, meta: { [kind]: self()[kind].filter((item) => item.file_key === key) } } };
        },
      },
      { method: "GET", path: "/v1/files/:key([A-Za-z0-9]+)/dev_resources", handle: (r) => self().getDevResources(file(r, "boolean"), r) },
      { method: "POST", path: "/v1/dev_resources", handle: (r) => self().postDevResources(r) },
      { method: "GET", path: "/v2/webhooks", handle: (r) => self().getWebhooks(r) },
      { method: "POST", path: "/v2/webhooks", handle: (r) => self().postWebhook(r) },
    ];
  }

  id(): string {
    return String(this.nextId++);
  }

  /** Figma's 429 as documented: Retry-After in seconds plus the plan tier and limit type. */
  static rateLimited(retryAfterSeconds: number): InjectedAnswer {
    return {
      status: 429,
      headers: { "retry-after": String(retryAfterSeconds), "x-figma-plan-tier": "pro", "x-figma-rate-limit-type": "high" },
      body: { status: 429, err: "Rate limit exceeded" },
    };
  }

  addProject(name: string): { id: string; name: string } {
    const project = { id: this.id(), name };
    this.projects.push(project);
    return project;
  }

  addFile(projectId: string, name: string, options: { lastModified?: string; key?: string; pages?: FakeNode[] } = {}): FakeFile {
    const key = options.key ?? `${randomUUID().replace(/-/g, "").slice(0, 22)}`;
    const file: FakeFile = {
      key,
      name,
      projectId,
      lastModified: options.lastModified ?? new Date().toISOString(),
      version: this.id(),
      editorType: "figma",
      pages: options.pages ?? [{ id: "0:1", name: "Page 1", type: "CANVAS", children: [] }],
      versions: [],
      comments: [],
      devResources: [],
    };
    this.files.set(key, file);
    return file;
  }

  addVersion(file: FakeFile, version: { created_at: string; label?: string | null; description?: string | null; user?: FakeUser }): FakeVersion {
    const added = { id: this.id(), created_at: version.created_at, label: version.label ?? null, description: version.description ?? null, user: version.user ?? this.me };
    file.versions.unshift(added);
    return added;
  }

  addComment(file: FakeFile, comment: { message: string; created_at: string; user?: FakeUser; parent_id?: string; resolved_at?: string | null; node_id?: string }): FakeComment {
    const added: FakeComment = {
      id: this.id(),
      file_key: file.key,
      parent_id: comment.parent_id ?? "",
      user: comment.user ?? this.me,
      created_at: comment.created_at,
      resolved_at: comment.resolved_at ?? null,
      message: comment.message,
      order_id: comment.parent_id ? null : String(file.comments.filter((c) => !c.parent_id).length + 1),
      client_meta: comment.node_id ? { node_id: comment.node_id, node_offset: { x: 0, y: 0 } } : { x: 10, y: 20 },
      reactions: [],
    };
    file.comments.push(added);
    return added;
  }

  private localVariables(request: RecordedRequest): FakeAnswer {
    this.query(request, [], [], "boolean");
    const file = this.file(request.params.key, "boolean");
    const local = this.variables.get(file.key);
    if (local === undefined) throw rejection(403, "Limited by Figma plan", "boolean", true);
    return { body: { status: 200, error: false, meta: local } };
  }

  /** GET /v1/files/:key/images: the download URL of every image fill in the file */
  private imageFills(request: RecordedRequest): FakeAnswer {
    this.query(request, [], []);
    const file = this.file(request.params.key);
    const refs = new Set<string>();
    const walk = (nodes: readonly FakeNode[]) => {
      for (const node of nodes) {
        for (const fill of node.fills ?? []) if (fill.type === "IMAGE" && fill.imageRef) refs.add(fill.imageRef);
        walk(node.children ?? []);
      }
    };
    walk(file.pages);
    const images = Object.fromEntries([...refs].map((ref) => [ref, `https://s3-alpha-sig.figma.com/img/${ref.slice(0, 4)}/${ref}`]));
    return { body: { error: false, status: 200, meta: { images } } };
  }

  private authenticate(request: RecordedRequest): void {
    const pat = request.headers["x-figma-token"];
    const authorization = request.headers.authorization;
    const bearer = typeof authorization === "string" ? /^Bearer (.+)$/.exec(authorization)?.[1] : undefined;
    if (pat !== undefined && bearer !== undefined) throw rejection(400, "send X-Figma-Token or Authorization, not both");
    if (pat === this.token) return;
    if (bearer !== undefined && bearer === this.oauthToken) return;
    throw rejection(403, "Invalid token", "err", true);
  }

  private query(request: RecordedRequest, required: readonly string[], optional: readonly string[], shape: ErrorShape = "err"): void {
    for (const name of request.query.keys()) {
      if (!required.includes(name) && !optional.includes(name)) throw rejection(400, `unknown query parameter ${name}`, shape);
    }
    for (const name of required) if (!request.query.get(name)) throw rejection(400, `missing query parameter ${name}`, shape);
  }

  private file(key: string | undefined, shape: ErrorShape = "err"): FakeFile {
    const file = this.files.get(key ?? "");
    if (file === undefined) throw rejection(404, "Not found", shape, true);
    return file;
  }

  private teamMustBe(id: string | undefined): void {
    if (id !== this.team.id) throw rejection(404, "Not found", "err", true);
  }

  private json<T>(request: RecordedRequest, schema: z.ZodType<T>, shape: ErrorShape): T {
    if (!String(request.headers["content-type"] ?? "").startsWith("application/json")) throw rejection(400, "content-type must be application/json", shape);
    const parsed = schema.safeParse(JSON.parse(request.body || "null"));
    if (!parsed.success) throw rejection(400, `invalid body: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`, shape);
    return parsed.data;
  }

  private depthOf(request: RecordedRequest): number | undefined {
    const raw = request.query.get("depth");
    if (raw === null) return undefined;
    const depth = Number(raw);
    if (!Number.isInteger(depth) || depth < 1) throw rejection(400, "depth must be a positive integer");
    return depth;
  }

  private versionMustExist(file: FakeFile, request: RecordedRequest): void {
    const version = request.query.get("version");
    if (version !== null && !file.versions.some((v) => v.id === version)) throw rejection(404, "Version not found", "err", true);
  }

  /** The node cut `depth` levels below it (undefined: whole tree). */
  private cut(node: FakeNode, depth: number | undefined): FakeNode {
    if (node.children === undefined) return { ...node };
    if (depth === 0) return { ...node, children: undefined } as FakeNode;
    return { ...node, children: node.children.map((child) => this.cut(child, depth === undefined ? undefined : depth - 1)) };
  }

  private find(nodes: readonly FakeNode[], id: string): FakeNode | undefined {
    for (const node of nodes) {
      if (node.id === id) return node;
      const inside = this.find(node.children ?? [], id);
      if (inside) return inside;
    }
    return undefined;
  }

  private getFile(file: FakeFile, request: RecordedRequest): { status: number; body: unknown } {
    this.query(request, [], ["depth", "version", "ids", "geometry", "plugin_data", "branch_data"]);
    this.versionMustExist(file, request);
    const depth = this.depthOf(request);
    const document = this.cut({ id: "0:0", name: "Document", type: "DOCUMENT", children: file.pages }, depth);
    const components = Object.fromEntries(this.components.filter((c) => c.file_key === file.key).map((c) => [c.node_id, { key: c.key, name: c.name, description: c.description, remote: false, documentationLinks: [] }]));
    const styles = Object.fromEntries(this.styles.filter((s) => s.file_key === file.key).map((s) => [s.node_id, { key: s.key, name: s.name, styleType: s.style_type, remote: false, description: s.description }]));
    return {
      status: 200,
      body: { name: file.name, role: "owner", lastModified: file.lastModified, editorType: file.editorType, thumbnailUrl: `https://s3-alpha.figma.com/thumbnails/${file.key}`, version: file.version, document, components, componentSets: {}, schemaVersion: 0, styles, linkAccess: "inherit" },
    };
  }

  private getMeta(file: FakeFile, request: RecordedRequest): { status: number; body: unknown } {
    this.query(request, [], []);
    const project = this.projects.find((p) => p.id === file.projectId);
    return {
      status: 200,
      body: { file: { name: file.name, folder_name: project?.name, last_touched_at: file.lastModified, creator: this.me, last_touched_by: this.me, editorType: file.editorType, role: "owner", link_access: "inherit", url: `https://www.figma.com/design/${file.key}`, version: file.version } },
    };
  }

  private idsOf(request: RecordedRequest): string[] {
    const ids = (request.query.get("ids") ?? "").split(",");
    if (ids.some((id) => !/^I?\d+:\d+(;\d+:\d+)*$/.test(id))) throw rejection(400, "ids must be node ids such as 1:2, comma separated");
    return ids;
  }

  private getNodes(file: FakeFile, request: RecordedRequest): { status: number; body: unknown } {
    this.query(request, ["ids"], ["depth", "version", "geometry", "plugin_data"]);
    this.versionMustExist(file, request);
    const depth = this.depthOf(request);
    const nodes = Object.fromEntries(
      this.idsOf(request).map((id) => {
        const node = this.find(file.pages, id);
        return [id, node ? { document: this.cut(node, depth), components: {}, componentSets: {}, schemaVersion: 0, styles: {} } : null];
      }),
    );
    return { status: 200, body: { name: file.name, role: "owner", lastModified: file.lastModified, editorType: file.editorType, thumbnailUrl: "", version: file.version, nodes } };
  }

  private getImages(file: FakeFile, request: RecordedRequest): { status: number; body: unknown } {
    this.query(request, ["ids"], ["scale", "format", "version", "svg_outline_text", "svg_include_id", "svg_include_node_id", "svg_simplify_stroke", "contents_only", "use_absolute_bounds"]);
    this.versionMustExist(file, request);
    const format = request.query.get("format") ?? "png";
    if (!["png", "jpg", "svg", "pdf"].includes(format)) throw rejection(400, "format must be jpg, png, svg or pdf");
    const scale = request.query.get("scale");
    if (scale !== null && !(Number(scale) >= 0.01 && Number(scale) <= 4)) throw rejection(400, "scale must be between 0.01 and 4");
    const images = Object.fromEntries(this.idsOf(request).map((id) => [id, this.find(file.pages, id) ? `https://figma-alpha-api.s3.us-west-2.amazonaws.com/images/${randomUUID()}.${format}` : null]));
    return { status: 200, body: { err: null, images } };
  }

  private postComment(file: FakeFile, request: RecordedRequest): { status: number; body: unknown } {
    this.query(request, [], []);
    const body = this.json(request, postCommentSchema, "boolean");
    if (body.comment_id !== undefined) {
      const parent = file.comments.find((c) => c.id === body.comment_id);
      if (parent === undefined || parent.parent_id !== "") throw rejection(400, "comment_id must be a root comment of this file", "boolean", true);
    }
    const created = this.addComment(file, { message: body.message, created_at: new Date().toISOString(), ...(body.comment_id ? { parent_id: body.comment_id } : {}) });
    if (body.client_meta) created.client_meta = body.client_meta;
    return { status: 200, body: created };
  }

  private deleteComment(file: FakeFile, commentId: string, request: RecordedRequest): { status: number; body: unknown } {
    this.query(request, [], []);
    const comment = file.comments.find((c) => c.id === commentId);
    if (comment === undefined) throw rejection(404, "Comment not found", "err", true);
    if (comment.user.id !== this.me.id) throw rejection(403, "Only the author of a comment can delete it", "err", true);
    file.comments = file.comments.filter((c) => c.id !== commentId && c.parent_id !== commentId);
    return { status: 200, body: { status: 200, error: false } };
  }

  private getVersions(file: FakeFile, request: RecordedRequest): { status: number; body: unknown } {
    this.query(request, [], ["page_size", "before", "after"]);
    const pageSize = Number(request.query.get("page_size") ?? 30);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 50) throw rejection(400, "page_size must be 1 to 50");
    const before = request.query.get("before");
    // newest first; `before` keeps versions older (smaller id) than it
    const all = file.versions.filter((v) => before === null || Number(v.id) < Number(before));
    const page = all.slice(0, pageSize);
    const oldest = page.at(-1);
    const pagination = all.length > pageSize && oldest ? { prev_page: "", next_page: `https://api.figma.com/v1/files/${file.key}/versions?page_size=${pageSize}&before=${oldest.id}` } : {};
    return { status: 200, body: { versions: page, pagination } };
  }

  private getProjectFiles(projectId: string, request: RecordedRequest): { status: number; body: unknown } {
    this.query(request, [], ["branch_data"]);
    const project = this.projects.find((p) => p.id === projectId);
    if (project === undefined) throw rejection(404, "Not found", "err", true);
    const files = [...this.files.values()].filter((f) => f.projectId === projectId).map((f) => ({ key: f.key, name: f.name, thumbnail_url: `https://s3-alpha.figma.com/thumbnails/${f.key}`, last_modified: f.lastModified }));
    return { status: 200, body: { name: project.name, files } };
  }

  private teamLibrary(teamId: string, kind: "components" | "styles", request: RecordedRequest): { status: number; body: unknown } {
    this.query(request, [], ["page_size", "after", "before"]);
    this.teamMustBe(teamId);
    const pageSize = Number(request.query.get("page_size") ?? 30);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw rejection(400, "page_size must be 1 to 1000");
    const after = Number(request.query.get("after") ?? 0);
    const items = this[kind].slice(after, after + pageSize);
    const cursor = after + items.length < this[kind].length ? { after: after + items.length } : {};
    return { status: 200, body: { status: 200, error: false, meta: { [kind]: items, cursor } } };
  }

  private getDevResources(file: FakeFile, request: RecordedRequest): { status: number; body: unknown } {
    this.query(request, [], ["node_ids"], "boolean");
    const nodeIds = request.query.get("node_ids")?.split(",");
    return { status: 200, body: { dev_resources: file.devResources.filter((d) => nodeIds === undefined || nodeIds.includes(d.node_id)) } };
  }

  private postDevResources(request: RecordedRequest): { status: number; body: unknown } {
    this.query(request, [], [], "boolean");
    const body = this.json(request, postDevResourcesSchema, "boolean");
    const links_created = [];
    const errors = [];
    for (const resource of body.dev_resources) {
      const file = this.files.get(resource.file_key);
      if (file === undefined) errors.push({ file_key: resource.file_key, node_id: resource.node_id, error: "File not found" });
      else if (file.devResources.filter((d) => d.node_id === resource.node_id).length >= 10) errors.push({ file_key: resource.file_key, node_id: resource.node_id, error: "Node already has the maximum of 10 dev resources" });
      else if (file.devResources.some((d) => d.node_id === resource.node_id && d.url === resource.url)) errors.push({ file_key: resource.file_key, node_id: resource.node_id, error: "Dev resource with this url already exists on the node" });
      else {
        const created = { id: this.id(), ...resource };
        file.devResources.push(created);
        links_created.push(created);
      }
    }
    return { status: 200, body: { links_created, errors } };
  }

  private getWebhooks(request: RecordedRequest): { status: number; body: unknown } {
    this.query(request, [], ["context", "context_id", "plan_api_id", "cursor"], "boolean");
    const context = request.query.get("context");
    const contextId = request.query.get("context_id");
    if (context === null || contextId === null) throw rejection(400, "give context and context_id (or plan_api_id)", "boolean");
    const webhooks = this.webhooks.filter((w) => w.context === context.toUpperCase() && w.context_id === contextId).map((w) => ({ ...w, passcode: "" }));
    return { status: 200, body: { webhooks } };
  }

  private postWebhook(request: RecordedRequest): { status: number; body: unknown } {
    this.query(request, [], [], "boolean");
    const body = this.json(request, postWebhookSchema, "boolean");
    const limits = { team: 20, project: 5, file: 3 } as const;
    if (this.webhooks.filter((w) => w.context === body.context.toUpperCase() && w.context_id === body.context_id).length >= limits[body.context]) {
      throw rejection(400, `a ${body.context} can have at most ${limits[body.context]} webhooks`, "boolean", true);
    }
    const webhook: FakeWebhook = {
      id: this.id(),
      event_type: body.event_type,
      team_id: body.context === "team" ? body.context_id : "",
      context: body.context.toUpperCase(),
      context_id: body.context_id,
      plan_api_id: "998877",
      status: body.status ?? "ACTIVE",
      client_id: null,
      passcode: body.passcode,
      endpoint: body.endpoint,
      description: body.description ?? null,
    };
    this.webhooks.push(webhook);
    return { status: 200, body: webhook };
  }
}
