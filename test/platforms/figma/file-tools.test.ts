import { describe, expect, it } from "vitest";
import { getFile } from "../../../services/platforms/figma/tools/get-file.js";
import { getNodes } from "../../../services/platforms/figma/tools/get-nodes.js";
import { listVersions } from "../../../services/platforms/figma/tools/list-versions.js";
import { renderImages } from "../../../services/platforms/figma/tools/render-images.js";
import { startedForEachTest } from "../../support/platform-harness.js";
import { type Harness, TOKEN, startHarness } from "./harness.js";

let h: Harness;
startedForEachTest(startHarness, (started) => (h = started));

describe("figma_get_file", () => {
  it("returns metadata and pages only by default (depth 1), authenticating with X-Figma-Token", async () => {
    const result = await h.call(getFile, { fileKey: h.file.key });
    const request = h.fake.requests.at(-1);
    expect(request?.path).toBe(`/v1/files/${h.file.key}`);
    expect(Object.fromEntries(request?.query ?? [])).toEqual({ depth: "1" });
    expect(request?.headers["x-figma-token"]).toBe(TOKEN);
    expect(request?.headers.authorization).toBeUndefined();
    expect(result).toMatchObject({
      key: h.file.key,
      name: "Checkout flows",
      lastModified: "2026-11-19T09:30:00Z",
      editorType: "figma",
      role: "owner",
      url: `https://www.figma.com/design/${h.file.key}`,
      pages: [
        { id: "0:1", name: "Cart", type: "CANVAS" },
        { id: "0:2", name: "Payment", type: "CANVAS" },
      ],
    });
    expect(result.pages[0]?.children).toBeUndefined();
  });

  it("takes a Figma URL for the file and goes deeper on request", async () => {
    const result = await h.call(getFile, { fileKey: `https://www.figma.com/design/${h.file.key}/Checkout-flows?node-id=12-34`, depth: 2 });
    expect(h.fake.requests.at(-1)?.query.get("depth")).toBe("2");
    expect(result.pages[0]).toMatchObject({ childCount: 1, children: [{ id: "12:34", name: "Cart / desktop", type: "FRAME", size: { width: 1440, height: 900 } }] });
  });

  it("refuses what is neither a key nor a Figma URL without calling Figma", async () => {
    await expect(h.call(getFile, { fileKey: "not a key!" })).rejects.toThrow();
    expect(h.fake.requests).toHaveLength(0);
  });
});

describe("figma_get_nodes", () => {
  it("returns the requested layers with text and sizes, ids written either way, and names the missing ones", async () => {
    const result = await h.call(getNodes, { fileKey: h.file.key, nodeIds: ["12-34", "99:99"] });
    const request = h.fake.requests.at(-1);
    expect(request?.path).toBe(`/v1/files/${h.file.key}/nodes`);
    expect(Object.fromEntries(request?.query ?? [])).toEqual({ ids: "12:34,99:99", depth: "2" });
    expect(result.missing).toEqual(["99:99"]);
    expect(result.nodes).toEqual([
      {
        id: "12:34",
        name: "Cart / desktop",
        type: "FRAME",
        size: { width: 1440, height: 900 },
        childCount: 2,
        children: [
          { id: "12:35", name: "Title", type: "TEXT", text: "Your cart", size: { width: 200, height: 32 } },
          { id: "12:36", name: "Pay button", type: "INSTANCE", size: { width: 160, height: 48 } },
        ],
        url: `https://www.figma.com/design/${h.file.key}?node-id=12-34`,
      },
    ]);
  });
});

describe("figma_render_images", () => {
  it("asks for the format and scale and returns a URL per node, null where Figma could not render", async () => {
    const result = await h.call(renderImages, { fileKey: h.file.key, nodeIds: ["12:34", "77:1"], format: "svg", scale: 2 });
    expect(h.fake.requests.at(-1)?.path).toBe(`/v1/images/${h.file.key}`);
    expect(Object.fromEntries(h.fake.requests.at(-1)?.query ?? [])).toEqual({ ids: "12:34,77:1", format: "svg", scale: "2" });
    expect(result.format).toBe("svg");
    expect(result.images[0]?.url).toMatch(/^https:\/\/figma-alpha-api\.s3\.us-west-2\.amazonaws\.com\/images\/.+\.svg$/);
    expect(result.images[1]).toEqual({ nodeId: "77:1", url: null });
  });
});

describe("figma_list_versions", () => {
  it("lists newest first and pages back with before", async () => {
    for (let i = 0; i < 5; i++) {
      h.fake.addVersion(h.file, { created_at: `2026-11-1${i}T10:00:00Z`, label: i % 2 === 0 ? `v${i}` : null, description: i === 4 ? "Final checkout" : null });
    }
    const first = await h.call(listVersions, { fileKey: h.file.key, pageSize: 2 });
    expect(first.versions.map((v) => v.label)).toEqual(["v4", null]);
    expect(first.versions[0]).toMatchObject({ description: "Final checkout", author: { handle: "Ada Lovelace" } });
    expect(first.nextCursor).toBe(first.versions[1]?.id);
    const second = await h.call(listVersions, { fileKey: h.file.key, pageSize: 2, before: first.nextCursor, namedOnly: true });
    expect(h.fake.requests.at(-1)?.query.get("before")).toBe(first.nextCursor);
    expect(second.versions.map((v) => v.label)).toEqual(["v2"]);
    const last = await h.call(listVersions, { fileKey: h.file.key, pageSize: 2, before: second.nextCursor });
    expect(last.versions.map((v) => v.label)).toEqual(["v0"]);
    expect(last.nextCursor).toBeUndefined();
  });
});
