import { describe, expect, it } from "vitest";
import { createDevResource } from "../../../services/platforms/figma/tools/create-dev-resource.js";
import { createWebhook } from "../../../services/platforms/figma/tools/create-webhook.js";
import { deleteComment } from "../../../services/platforms/figma/tools/delete-comment.js";
import { listComments } from "../../../services/platforms/figma/tools/list-comments.js";
import { listComponents } from "../../../services/platforms/figma/tools/list-components.js";
import { listDevResources } from "../../../services/platforms/figma/tools/list-dev-resources.js";
import { listProjectFiles } from "../../../services/platforms/figma/tools/list-project-files.js";
import { listProjects } from "../../../services/platforms/figma/tools/list-projects.js";
import { listStyles } from "../../../services/platforms/figma/tools/list-styles.js";
import { listWebhooks } from "../../../services/platforms/figma/tools/list-webhooks.js";
import { postComment } from "../../../services/platforms/figma/tools/post-comment.js";
import { startedForEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { type Harness, PASSCODE, TEAM_ID, lastBody, startHarness } from "./harness.js";

let h: Harness;
startedForEachTest(startHarness, (started) => (h = started));

const grace = { id: "1002", handle: "Grace Hopper", img_url: "https://s3-alpha.figma.com/profile/grace" };

describe("comments", () => {
  it("lists newest first, as Markdown, and keeps only open threads when asked", async () => {
    const open = h.fake.addComment(h.file, { message: "Pay button **too small** on mobile", created_at: "2026-11-18T10:00:00Z", user: grace, node_id: "12:36" });
    h.fake.addComment(h.file, { message: "Agreed, 48px", created_at: "2026-11-18T11:00:00Z", parent_id: open.id });
    const closed = h.fake.addComment(h.file, { message: "Typo in title", created_at: "2026-11-17T10:00:00Z", resolved_at: "2026-11-17T12:00:00Z" });
    h.fake.addComment(h.file, { message: "Fixed", created_at: "2026-11-17T11:00:00Z", parent_id: closed.id });

    const all = await h.call(listComments, { fileKey: h.file.key });
    expect(h.fake.requests.at(-1)?.query.get("as_md")).toBe("true");
    expect(all.comments.map((c) => c.message)).toEqual(["Agreed, 48px", "Pay button **too small** on mobile", "Fixed", "Typo in title"]);
    expect(all.comments[1]).toMatchObject({
      author: { id: "1002", handle: "Grace Hopper" },
      number: "1",
      nodeId: "12:36",
      url: `https://www.figma.com/design/${h.file.key}?node-id=12-36`,
    });
    expect(all.comments[0]?.parentId).toBe(open.id);

    const unresolved = await h.call(listComments, { fileKey: h.file.key, unresolvedOnly: true });
    expect(unresolved.comments.map((c) => c.message)).toEqual(["Agreed, 48px", "Pay button **too small** on mobile"]);
  });

  it("posts a comment pinned to a node, and a reply to a thread", async () => {
    const { comment } = await h.call(postComment, { fileKey: h.file.key, message: "Can we use the brand green here?", nodeId: "12-36" });
    expect(lastBody(h.fake)).toEqual({ message: "Can we use the brand green here?", client_meta: { node_id: "12:36", node_offset: { x: 0, y: 0 } } });
    expect(comment).toMatchObject({ message: "Can we use the brand green here?", nodeId: "12:36", author: { handle: "Ada Lovelace" } });

    const { comment: reply } = await h.call(postComment, { fileKey: h.file.key, message: "Yes", replyTo: comment.id, nodeId: "12:36" });
    // a reply is placed by its thread: no client_meta
    expect(lastBody(h.fake)).toEqual({ message: "Yes", comment_id: comment.id });
    expect(reply.parentId).toBe(comment.id);
  });

  it("deletes its own comment, and maps Figma's refusal for someone else's to a typed 403", async () => {
    const mine = h.fake.addComment(h.file, { message: "draft", created_at: "2026-11-18T10:00:00Z" });
    const theirs = h.fake.addComment(h.file, { message: "theirs", created_at: "2026-11-18T10:00:00Z", user: grace });
    expect(await h.call(deleteComment, { fileKey: h.file.key, commentId: mine.id })).toEqual({ deleted: true, commentId: mine.id });
    expect(h.fake.requests.at(-1)?.method).toBe("DELETE");
    expect(h.file.comments.map((c) => c.id)).toEqual([theirs.id]);
    const error = await upstreamErrorOf(h.call(deleteComment, { fileKey: h.file.key, commentId: theirs.id }));
    expect(error.status).toBe(403);
    expect(error.safeMessage).toContain("Figma answered 403");
  });
});

describe("projects", () => {
  it("lists the configured team's projects and a project's files, newest first", async () => {
    const project = h.fake.projects[0]!;
    h.fake.addFile(project.id, "Design system", { lastModified: "2026-11-20T08:00:00Z" });
    const projects = await h.call(listProjects, {});
    expect(h.fake.requests.at(-1)?.path).toBe(`/v1/teams/${TEAM_ID}/projects`);
    expect(projects).toEqual({ teamId: TEAM_ID, teamName: "Acme Design", projects: [{ id: project.id, name: "Web app" }] });
    const files = await h.call(listProjectFiles, { projectId: project.id });
    expect(files.projectName).toBe("Web app");
    expect(files.files.map((f) => f.name)).toEqual(["Design system", "Checkout flows"]);
    expect(files.files[1]).toEqual({ key: h.file.key, name: "Checkout flows", lastModified: "2026-11-19T09:30:00Z", url: `https://www.figma.com/design/${h.file.key}` });
  });
});

describe("library", () => {
  const item = (i: number, extra: Record<string, unknown> = {}) => ({
    key: `k${i}`,
    file_key: h.file.key,
    node_id: `30:${i}`,
    name: `Button/${i === 0 ? "Primary" : `Variant ${i}`}`,
    description: i === 0 ? "Main call to action" : "",
    created_at: "2026-10-01T00:00:00Z",
    updated_at: "2026-11-01T00:00:00Z",
    user: grace,
    ...extra,
  });

  it("pages through the team's published components with Figma's cursor", async () => {
    h.fake.components = Array.from({ length: 3 }, (_, i) => item(i, { containing_frame: { name: "Buttons", pageName: "Components" } }));
    const first = await h.call(listComponents, { pageSize: 2 });
    expect(Object.fromEntries(h.fake.requests.at(-1)?.query ?? [])).toEqual({ page_size: "2" });
    expect(first.components[0]).toEqual({
      key: "k0",
      name: "Button/Primary",
      description: "Main call to action",
      fileKey: h.file.key,
      nodeId: "30:0",
      frame: "Components / Buttons",
      updatedAt: "2026-11-01T00:00:00Z",
      updatedBy: "Grace Hopper",
      url: `https://www.figma.com/design/${h.file.key}?node-id=30-0`,
    });
    expect(first.nextCursor).toBe(2);
    const second = await h.call(listComponents, { pageSize: 2, after: first.nextCursor });
    expect(second.components.map((c) => c.key)).toEqual(["k2"]);
    expect(second.nextCursor).toBeUndefined();
    const found = await h.call(listComponents, { fileKey: h.file.key, query: "call to action" });
    expect(h.fake.requests.at(-1)?.path).toBe(`/v1/files/${h.file.key}/components`);
    expect(found.components.map((c) => c.key)).toEqual(["k0"]);
  });

  it("lists styles by type", async () => {
    h.fake.styles = [item(0, { style_type: "FILL", name: "Brand/Green", sort_position: "a" }), item(1, { style_type: "TEXT", name: "Heading/H1", sort_position: "b" })];
    const result = await h.call(listStyles, { styleType: "TEXT" });
    expect(h.fake.requests.at(-1)?.path).toBe(`/v1/teams/${TEAM_ID}/styles`);
    expect(result.styles).toMatchObject([{ name: "Heading/H1", styleType: "TEXT" }]);
  });
});

describe("dev resources", () => {
  it("attaches a link to a layer and lists it, reporting Figma's refusals", async () => {
    const input = { fileKey: h.file.key, nodeId: "12:36", name: "PayButton.tsx", url: "https://github.com/acme/web/blob/main/src/PayButton.tsx" };
    const created = await h.call(createDevResource, input);
    expect(lastBody(h.fake)).toEqual({ dev_resources: [{ name: "PayButton.tsx", url: input.url, file_key: h.file.key, node_id: "12:36" }] });
    expect(created.created).toMatchObject([{ name: "PayButton.tsx", nodeId: "12:36" }]);
    expect(created.errors).toEqual([]);
    const again = await h.call(createDevResource, input);
    expect(again).toEqual({ created: [], errors: ["Dev resource with this url already exists on the node"] });
    const listed = await h.call(listDevResources, { fileKey: h.file.key, nodeIds: ["12:36"] });
    expect(h.fake.requests.at(-1)?.query.get("node_ids")).toBe("12:36");
    expect(listed.devResources.map((d) => d.url)).toEqual([input.url]);
  });
});

describe("webhooks", () => {
  const PUBLIC = "https://hooks.acme.test/webhook/figma/events";

  it("registers a webhook to this server's public URL with the configured passcode, and lists it without the passcode", async () => {
    const { webhook } = await createWebhook.handler(createWebhook.input.parse({ eventType: "FILE_COMMENT", description: "comments to memory" }), { ...h.ctx, webhookUrl: PUBLIC });
    expect(lastBody(h.fake)).toEqual({ event_type: "FILE_COMMENT", context: "team", context_id: TEAM_ID, endpoint: PUBLIC, passcode: PASSCODE, status: "ACTIVE", description: "comments to memory" });
    expect(webhook).toEqual({ id: webhook.id, eventType: "FILE_COMMENT", context: "team", contextId: TEAM_ID, status: "ACTIVE", endpoint: PUBLIC, description: "comments to memory" });
    expect(JSON.stringify(webhook)).not.toContain(PASSCODE);

    const listed = await h.call(listWebhooks, {});
    expect(Object.fromEntries(h.fake.requests.at(-1)?.query ?? [])).toEqual({ context: "team", context_id: TEAM_ID });
    expect(listed.webhooks).toEqual([webhook]);
  });

  it("refuses to register without a public URL, and without a passcode, before calling Figma", async () => {
    const input = createWebhook.input.parse({ eventType: "FILE_UPDATE", context: "file", contextId: h.file.key });
    expect((await upstreamErrorOf(createWebhook.handler(input, h.ctx))).safeMessage).toContain("FIGMA_WEBHOOK_URL");
    const { startHarness: start } = await import("./harness.js");
    const bare = await start({ FIGMA_ACCESS_TOKEN: "figd_test-token" });
    try {
      const error = await upstreamErrorOf(createWebhook.handler(input, { ...bare.ctx, webhookUrl: PUBLIC }));
      expect(error.safeMessage).toContain("FIGMA_WEBHOOK_PASSCODE is not set");
      expect(bare.fake.requests).toHaveLength(0);
    } finally {
      await bare.close();
    }
    expect(h.fake.requests).toHaveLength(0);
  });
});
