import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VERSIONS_PER_FILE, syncs } from "../../../services/platforms/figma/sync.js";
import type { FakeFile } from "../../fakes/figma.js";
import { type SyncBench, closedAfterEachTest, openSyncBench, startedForEachTest } from "../../support/platform-harness.js";
import { type Harness, TEAM_ID, startHarness } from "./harness.js";

let h: Harness;
let bench: SyncBench;
startedForEachTest(startHarness, (started) => (h = started));
beforeEach(() => {
  bench = openSyncBench("figma");
});
afterEach(() => bench.close());

const filesSync = syncs.find((s) => s.object === "files") ?? expect.unreachable();
const run = () => bench.run(filesSync, h.ctx);
const saved = () => JSON.parse(bench.checkpoints.get("figma", "files")?.checkpoint ?? "null") as { since: string; done?: string[] } | null;
const paths = (from = 0) => h.fake.requests.slice(from).map((r) => r.path);
const grace = { id: "1002", handle: "Grace Hopper", img_url: "" };

/** The seeded "Checkout flows" (2026-11-19T09:30) plus three files in a second project, changed a day apart before it. */
function seedTeam(): FakeFile[] {
  const project = h.fake.addProject("Brand");
  const older = ["Logo", "Colours", "Type"].map((name, i) => h.fake.addFile(project.id, name, { key: `BrandFile0${i}Key123456`, lastModified: `2026-11-1${i + 5}T10:00:00Z` }));
  h.fake.addVersion(older[0]!, { created_at: "2026-11-15T09:00:00Z", label: "Logo v2", description: "Rounder", user: grace });
  h.fake.addComment(older[1]!, { message: "Is this green accessible?", created_at: "2026-11-16T09:00:00Z", user: grace });
  h.fake.addVersion(h.file, { created_at: "2026-11-19T09:00:00Z" });
  return [...older, h.file];
}

describe("Figma files sync", () => {
  it("lists the team's projects and files, then reads versions and comments of each file, oldest change first", async () => {
    const files = seedTeam();
    const report = await run();
    expect(report.outcome).toBe("success");
    const [web, brand] = h.fake.projects;
    expect(paths()).toEqual([
      `/v1/teams/${TEAM_ID}/projects`,
      `/v1/projects/${web!.id}/files`,
      `/v1/projects/${brand!.id}/files`,
      ...files.flatMap((f) => [`/v1/files/${f.key}/versions`, `/v1/files/${f.key}/comments`]),
    ]);
    expect(h.fake.requests[3]?.query.get("page_size")).toBe(String(VERSIONS_PER_FILE));
    expect(saved()).toEqual({ since: "2026-11-19T09:30:00.000Z", done: [h.file.key] });
    expect(h.stored.map((m) => m.key)).toEqual([
      "figma:file:BrandFile00Key123456:2026-11-15T10:00:00Z",
      `figma:version:BrandFile00Key123456:${files[0]!.versions[0]!.id}`,
      "figma:file:BrandFile01Key123456:2026-11-16T10:00:00Z",
      `figma:comment:BrandFile01Key123456:${files[1]!.comments[0]!.id}`,
      "figma:file:BrandFile02Key123456:2026-11-17T10:00:00Z",
      `figma:file:${h.file.key}:2026-11-19T09:30:00Z`,
    ]);
    const byKey = new Map(h.stored.map((m) => [m.key, m]));
    expect(byKey.get("figma:file:BrandFile00Key123456:2026-11-15T10:00:00Z")?.content).toBe(
      'Figma file "Logo" in project "Brand" changed (last modified 2026-11-15T10:00:00Z). Edited by Grace Hopper. Named versions: "Logo v2".',
    );
    expect(h.stored[1]?.content).toBe('Grace Hopper saved version "Logo v2" of Figma file "Logo". Description: Rounder');
    expect(h.stored[3]).toMatchObject({ type: "comment", content: 'Grace Hopper commented on Figma file "Colours": "Is this green accessible?"', url: "https://www.figma.com/design/BrandFile01Key123456" });
    expect(h.stored[5]?.content).toBe('Figma file "Checkout flows" in project "Web app" changed (last modified 2026-11-19T09:30:00Z). Edited by Ada Lovelace.');
  });

  it("reads only the listings when nothing changed, and only the changed file with what is new since", async () => {
    seedTeam();
    await run();
    const before = h.fake.requests.length;
    const idle = await run();
    expect(idle.outcome).toBe("success");
    expect(paths(before)).toEqual([`/v1/teams/${TEAM_ID}/projects`, `/v1/projects/${h.fake.projects[0]!.id}/files`, `/v1/projects/${h.fake.projects[1]!.id}/files`]);
    expect(idle.processed).toBe(0);

    h.file.lastModified = "2026-11-20T10:00:00Z";
    const comment = h.fake.addComment(h.file, { message: "Ship it", created_at: "2026-11-20T09:59:00Z", user: grace });
    h.fake.addComment(h.file, { message: "old, already synced era", created_at: "2026-11-01T00:00:00Z" });
    h.stored.length = 0;
    const next = h.fake.requests.length;
    expect((await run()).outcome).toBe("success");
    expect(paths(next).slice(3)).toEqual([`/v1/files/${h.file.key}/versions`, `/v1/files/${h.file.key}/comments`]);
    expect(h.stored.map((m) => m.key)).toEqual([`figma:file:${h.file.key}:2026-11-20T10:00:00Z`, `figma:comment:${h.file.key}:${comment.id}`]);
    expect(saved()).toEqual({ since: "2026-11-20T10:00:00.000Z", done: [h.file.key] });
  });

  it("resumes after an interrupted run at the file after the last one stored", async () => {
    const files = seedTeam();
    // the third file's versions fail for the runtime client's whole retry budget (a GET is retried 4 times)
    for (let i = 0; i < 4; i++) h.fake.failNext({ status: 500, body: { status: 500, err: "Internal server error" } }, `/v1/files/${files[2]!.key}/versions`);
    const interrupted = await run();
    expect(interrupted.outcome).toBe("failed");
    expect(saved()).toEqual({ since: "2026-11-16T10:00:00.000Z", done: ["BrandFile01Key123456"] });

    const before = h.fake.requests.length;
    const resumed = await run();
    expect(resumed.outcome).toBe("success");
    expect(paths(before).slice(3)).toEqual([files[2]!, files[3]!].flatMap((f) => [`/v1/files/${f.key}/versions`, `/v1/files/${f.key}/comments`]));
    expect(new Set(h.stored.filter((m) => m.type === "file").map((m) => (m.record as { fileKey: string }).fileKey))).toEqual(new Set(files.map((f) => f.key)));
  });

  it("does not skip a file that shares its last change with one already stored", async () => {
    const project = h.fake.projects[0]!;
    const at = "2026-11-19T09:30:00Z";
    const twin = h.fake.addFile(project.id, "Checkout twin", { key: "ZzTwinFileKey12345678", lastModified: at });
    for (let i = 0; i < 4; i++) h.fake.failNext({ status: 502, body: { status: 502, err: "Bad gateway" } }, `/v1/files/${twin.key}/versions`);
    expect((await run()).outcome).toBe("failed");
    expect(saved()).toEqual({ since: "2026-11-19T09:30:00.000Z", done: [h.file.key] });
    const before = h.fake.requests.length;
    expect((await run()).outcome).toBe("success");
    expect(paths(before).slice(2)).toEqual([`/v1/files/${twin.key}/versions`, `/v1/files/${twin.key}/comments`]);
    expect(saved()).toEqual({ since: "2026-11-19T09:30:00.000Z", done: [h.file.key, twin.key] });
  });

  it("stops with an error naming Figma on a checkpoint it cannot read", async () => {
    bench.checkpoints.set("figma", "files", JSON.stringify({ since: 42 }));
    const report = await run();
    expect(report.outcome).toBe("failed");
    expect(report.error).toContain("unreadable Figma sync checkpoint");
    expect(h.fake.requests).toHaveLength(0);
  });
});

describe("Figma files sync without a team", () => {
  const startChecked = closedAfterEachTest(startHarness);
  it("fails naming FIGMA_TEAM_ID, without calling Figma", async () => {
    const bare = await startChecked({ FIGMA_ACCESS_TOKEN: "figd_test-token" });
    const report = await bench.run(filesSync, bare.ctx);
    expect(report.outcome).toBe("failed");
    expect(report.error).toContain("FIGMA_TEAM_ID");
    expect(bare.fake.requests).toHaveLength(0);
  });
});
