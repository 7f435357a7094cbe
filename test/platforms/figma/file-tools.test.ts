import { describe, expect, it } from "vitest";
import { getCurrentUser } from "../../../services/platforms/figma/tools/get-current-user.js";
import { MAX_NODES, getFile } from "../../../services/platforms/figma/tools/get-file.js";
import { getFileMetadata } from "../../../services/platforms/figma/tools/get-file-metadata.js";
import { getImageFills } from "../../../services/platforms/figma/tools/get-image-fills.js";
import { getNodes } from "../../../services/platforms/figma/tools/get-nodes.js";
import { getVariables } from "../../../services/platforms/figma/tools/get-variables.js";
import { listVersions } from "../../../services/platforms/figma/tools/list-versions.js";
import { renderImages } from "../../../services/platforms/figma/tools/render-images.js";
import { startedForEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { type Harness, TOKEN, startHarness } from "./harness.js";

const IMAGE_REF = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

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

  it(`returns at most ${MAX_NODES} nodes however large the file, and says how many children each had`, async () => {
    const frames = Array.from({ length: 600 }, (_, i) => ({ id: `40:${i}`, name: `Frame ${i}`, type: "FRAME", children: [] }));
    const big = h.fake.addFile(h.fake.projects[0]!.id, "Huge board", { pages: [{ id: "0:9", name: "Everything", type: "CANVAS", children: frames }] });
    const result = await h.call(getFile, { fileKey: big.key, depth: 2 });
    const [page] = result.pages;
    expect(page?.childCount).toBe(600);
    expect(page?.children).toHaveLength(MAX_NODES - 1);
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
        childCount: 3,
        children: [
          { id: "12:35", name: "Title", type: "TEXT", text: "Your cart", size: { width: 200, height: 32 } },
          { id: "12:36", name: "Pay button", type: "INSTANCE", size: { width: 160, height: 48 } },
          { id: "12:37", name: "Product photo", type: "RECTANGLE", imageRefs: [IMAGE_REF] },
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

describe("figma_get_image_fills", () => {
  it("turns the imageRefs figma_get_nodes shows into download URLs, null for refs Figma does not know", async () => {
    const all = await h.call(getImageFills, { fileKey: h.file.key });
    expect(h.fake.requests.at(-1)?.path).toBe(`/v1/files/${h.file.key}/images`);
    expect(all).toEqual({ images: [{ imageRef: IMAGE_REF, url: `https://s3-alpha-sig.figma.com/img/a1b2/${IMAGE_REF}` }], total: 1 });
    const some = await h.call(getImageFills, { fileKey: h.file.key, imageRefs: ["ffff0000", IMAGE_REF] });
    expect(some.images.map((i) => i.url === null)).toEqual([true, false]);
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

describe("figma_get_file_metadata", () => {
  it("reads the cheap metadata endpoint, not the file's content", async () => {
    const result = await h.call(getFileMetadata, { fileKey: h.file.key });
    expect(h.fake.requests.map((r) => r.path)).toEqual([`/v1/files/${h.file.key}/meta`]);
    expect(result).toEqual({
      key: h.file.key,
      name: "Checkout flows",
      project: "Web app",
      editorType: "figma",
      creator: { id: "1001", handle: "Ada Lovelace" },
      lastTouchedAt: "2026-11-19T09:30:00Z",
      lastTouchedBy: { id: "1001", handle: "Ada Lovelace" },
      version: h.file.version,
      linkAccess: "inherit",
      role: "owner",
      url: `https://www.figma.com/design/${h.file.key}`,
    });
  });
});

describe("figma_get_current_user", () => {
  it("says whom the token acts as", async () => {
    expect(await h.call(getCurrentUser, {})).toEqual({ id: "1001", handle: "Ada Lovelace", email: "ada@acme.test" });
    expect(h.fake.requests.at(-1)?.path).toBe("/v1/me");
  });
});

describe("figma_get_variables", () => {
  it("lists tokens per collection with values per mode, colors as hex and aliases by name", async () => {
    h.fake.variables.set(h.file.key, {
      variableCollections: {
        "VariableCollectionId:1:1": { id: "VariableCollectionId:1:1", name: "Color", key: "c1", modes: [{ modeId: "1:0", name: "Light" }, { modeId: "1:1", name: "Dark" }], defaultModeId: "1:0", remote: false, hiddenFromPublishing: false, variableIds: ["VariableID:1:2", "VariableID:1:3"] },
        "VariableCollectionId:2:1": { id: "VariableCollectionId:2:1", name: "Spacing", key: "c2", modes: [{ modeId: "2:0", name: "Default" }], defaultModeId: "2:0", remote: false, hiddenFromPublishing: false, variableIds: ["VariableID:2:2"] },
      },
      variables: {
        "VariableID:1:2": { id: "VariableID:1:2", name: "brand/green", key: "v1", variableCollectionId: "VariableCollectionId:1:1", resolvedType: "COLOR", valuesByMode: { "1:0": { r: 0, g: 0.6, b: 0.2, a: 1 }, "1:1": { r: 0.2, g: 0.8, b: 0.4, a: 0.5 } }, remote: false, description: "Primary actions", hiddenFromPublishing: false, scopes: ["ALL_SCOPES"], codeSyntax: {} },
        "VariableID:1:3": { id: "VariableID:1:3", name: "button/background", key: "v2", variableCollectionId: "VariableCollectionId:1:1", resolvedType: "COLOR", valuesByMode: { "1:0": { type: "VARIABLE_ALIAS", id: "VariableID:1:2" }, "1:1": { type: "VARIABLE_ALIAS", id: "VariableID:1:2" } }, remote: false, description: "", hiddenFromPublishing: false, scopes: ["ALL_FILLS"], codeSyntax: {} },
        "VariableID:2:2": { id: "VariableID:2:2", name: "space/md", key: "v3", variableCollectionId: "VariableCollectionId:2:1", resolvedType: "FLOAT", valuesByMode: { "2:0": 16 }, remote: false, description: "", hiddenFromPublishing: false, scopes: ["GAP"], codeSyntax: {} },
      },
    });
    const result = await h.call(getVariables, { fileKey: h.file.key });
    expect(h.fake.requests.at(-1)?.path).toBe(`/v1/files/${h.file.key}/variables/local`);
    expect(result.collections).toEqual([
      { name: "Color", modes: ["Light", "Dark"], variableCount: 2 },
      { name: "Spacing", modes: ["Default"], variableCount: 1 },
    ]);
    expect(result.variables).toEqual([
      { name: "brand/green", collection: "Color", type: "COLOR", description: "Primary actions", values: { Light: "#009933", Dark: "#33CC6680" } },
      { name: "button/background", collection: "Color", type: "COLOR", values: { Light: "{brand/green}", Dark: "{brand/green}" } },
      { name: "space/md", collection: "Spacing", type: "FLOAT", values: { Default: "16" } },
    ]);
    expect((await h.call(getVariables, { fileKey: h.file.key, query: "spacing" })).variables.map((v) => v.name)).toEqual(["space/md"]);
  });

  it("passes on Figma's 403 for plans without the variables API as a typed error", async () => {
    const error = await upstreamErrorOf(h.call(getVariables, { fileKey: h.file.key }));
    expect(error.status).toBe(403);
  });
});
