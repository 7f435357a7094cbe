/** Every Airbyte tool against the Airbyte fake: what it sends, what it returns, and how it fails. */
import { describe, expect, it } from "vitest";
import { UpstreamError } from "../../../services/runtime/contract.js";
import { cancelJob } from "../../../services/platforms/airbyte/tools/cancel-job.js";
import { getConnection } from "../../../services/platforms/airbyte/tools/get-connection.js";
import { getDestination } from "../../../services/platforms/airbyte/tools/get-destination.js";
import { getJob } from "../../../services/platforms/airbyte/tools/get-job.js";
import { getSource } from "../../../services/platforms/airbyte/tools/get-source.js";
import { getWorkspace } from "../../../services/platforms/airbyte/tools/get-workspace.js";
import { tools } from "../../../services/platforms/airbyte/tools/index.js";
import { listConnections } from "../../../services/platforms/airbyte/tools/list-connections.js";
import { listDestinations } from "../../../services/platforms/airbyte/tools/list-destinations.js";
import { listJobs } from "../../../services/platforms/airbyte/tools/list-jobs.js";
import { listOrganizations } from "../../../services/platforms/airbyte/tools/list-organizations.js";
import { listSources } from "../../../services/platforms/airbyte/tools/list-sources.js";
import { listStreams } from "../../../services/platforms/airbyte/tools/list-streams.js";
import { listWorkspaces } from "../../../services/platforms/airbyte/tools/list-workspaces.js";
import { resetConnection } from "../../../services/platforms/airbyte/tools/reset-connection.js";
import { setConnectionStatus } from "../../../services/platforms/airbyte/tools/set-connection-status.js";
import { triggerSync } from "../../../services/platforms/airbyte/tools/trigger-sync.js";
import { closedAfterEachTest, startedForEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { CREDENTIALS, type Harness, lastBody, seedWorkspace, startHarness } from "./harness.js";

let h: Harness;
startedForEachTest(startHarness, (started) => (h = started));
const startChecked = closedAfterEachTest(startHarness);

const apiCalls = () => h.fake.requests.filter((r) => r.path !== "/v1/applications/token").map((r) => `${r.method} ${r.path}${r.query.size > 0 ? `?${r.query.toString()}` : ""}`);

describe("workspaces and organizations", () => {
  it("airbyte_list_workspaces pages with limit/offset and returns the next offset from Airbyte's `next` link", async () => {
    for (const name of ["Data platform", "Marketing", "Finance"]) h.fake.addWorkspace(name);
    const first = await h.call(listWorkspaces, { limit: 2 });
    expect(first.workspaces.map((w) => w.name)).toEqual(["Data platform", "Marketing"]);
    expect(first.workspaces[0]).toEqual({ workspaceId: h.fake.workspaces[0]?.workspaceId, name: "Data platform", dataResidency: "auto" });
    expect(first.nextOffset).toBe(2);
    const second = await h.call(listWorkspaces, { limit: 2, offset: first.nextOffset });
    expect(second).toEqual({ workspaces: [expect.objectContaining({ name: "Finance" })] });
    expect(apiCalls()).toEqual(["GET /v1/workspaces?limit=2&offset=0", "GET /v1/workspaces?limit=2&offset=2"]);
    // one token for both calls, sent as Bearer
    expect(h.fake.issuedTokens).toHaveLength(1);
    expect(h.fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${h.fake.issuedTokens[0]}`);
  });

  it("airbyte_get_workspace reads the named workspace, or the configured one", async () => {
    const workspace = h.fake.addWorkspace("Data platform");
    expect(await h.call(getWorkspace, { workspaceId: workspace.workspaceId })).toEqual({ workspace: { workspaceId: workspace.workspaceId, name: "Data platform", dataResidency: "auto" } });
    const configured = await startChecked({ ...CREDENTIALS, AIRBYTE_WORKSPACE_ID: workspace.workspaceId });
    configured.fake.workspaces.push(workspace);
    expect((await configured.call(getWorkspace, {})).workspace.name).toBe("Data platform");
  });

  it("airbyte_get_workspace without a workspace and without AIRBYTE_WORKSPACE_ID says what to pass, calling nothing", async () => {
    const error = await upstreamErrorOf(h.call(getWorkspace, {}));
    expect(error.safeMessage).toMatch(/AIRBYTE_WORKSPACE_ID/);
    expect(apiCalls()).toEqual([]);
  });

  it("airbyte_list_organizations returns id, name and email", async () => {
    h.fake.organizations.push({ organizationId: "0b7c0f10-3c2e-4c6a-9a51-7e0f1d2c3b4a", organizationName: "Acme", email: "data@acme.example" });
    expect(await h.call(listOrganizations, {})).toEqual({ organizations: [{ organizationId: "0b7c0f10-3c2e-4c6a-9a51-7e0f1d2c3b4a", name: "Acme", email: "data@acme.example" }] });
  });
});

describe("sources and destinations", () => {
  it("airbyte_list_sources filters by workspace and never returns configuration values", async () => {
    const { workspace, source } = seedWorkspace(h.fake);
    const other = h.fake.addWorkspace("Other");
    h.fake.addSource(other.workspaceId, "Stripe", "stripe", { client_secret: "sk_live_x" });
    const result = await h.call(listSources, { workspaceId: workspace.workspaceId });
    expect(result).toEqual({
      sources: [
        {
          id: source.id,
          name: "Postgres prod",
          connectorType: "postgres",
          workspaceId: workspace.workspaceId,
          definitionId: source.definitionId,
          createdAt: "2026-01-01T00:00:00.000Z",
          configuredFields: ["host", "password", "port"],
        },
      ],
    });
    expect(apiCalls()).toEqual([`GET /v1/sources?workspaceIds=${workspace.workspaceId}&limit=20&offset=0`]);
    expect(JSON.stringify(result)).not.toMatch(/db\.internal|\*\*\*|hunter2/);
  });

  it("airbyte_list_sources defaults to the configured workspace", async () => {
    const configuredWorkspace = "3f1d2c4b-5a6e-4f70-8a9b-0c1d2e3f4a5b";
    const configured = await startChecked({ ...CREDENTIALS, AIRBYTE_WORKSPACE_ID: configuredWorkspace });
    await configured.call(listSources, {});
    expect(configured.fake.requests.at(-1)?.query.get("workspaceIds")).toBe(configuredWorkspace);
  });

  it("airbyte_get_source, airbyte_list_destinations and airbyte_get_destination", async () => {
    const { source, destination } = seedWorkspace(h.fake);
    expect((await h.call(getSource, { sourceId: source.id })).source).toMatchObject({ id: source.id, name: "Postgres prod", connectorType: "postgres" });
    expect((await h.call(listDestinations, { includeDeleted: true })).destinations.map((d) => d.name)).toEqual(["Warehouse"]);
    const got = await h.call(getDestination, { destinationId: destination.id });
    expect(got.destination).toMatchObject({ id: destination.id, connectorType: "bigquery", configuredFields: ["credentials_json", "project_id"] });
    expect(apiCalls()).toEqual([`GET /v1/sources/${source.id}`, "GET /v1/destinations?includeDeleted=true&limit=20&offset=0", `GET /v1/destinations/${destination.id}`]);
  });

  it("answers a missing source with a 404 UpstreamError that names no id, and refuses an id that is not one", async () => {
    const missing = "8c8f8e8d-0000-4000-8000-000000000000";
    const error = await upstreamErrorOf(h.call(getSource, { sourceId: missing }));
    expect(error.status).toBe(404);
    expect(error.safeMessage).toBe("Airbyte answered 404 Not Found for GET /v1/sources/{id}");
    await expect(h.call(getSource, { sourceId: "../workspaces" })).rejects.toThrow(/UUID/);
  });
});

describe("streams", () => {
  it("airbyte_list_streams returns each stream's sync modes, cursor, key and field paths from the cached schema", async () => {
    const { source, destination } = seedWorkspace(h.fake);
    const columns = Array.from({ length: 250 }, (_, i) => [`col_${i}`]);
    h.fake.sourceStreams.set(source.id, [
      {
        streamName: "users",
        streamnamespace: "public",
        syncModes: ["full_refresh_overwrite", "incremental_append", "incremental_deduped_history"],
        defaultCursorField: ["updated_at"],
        sourceDefinedCursorField: false,
        sourceDefinedPrimaryKey: [["id"]],
        propertyFields: [["id"], ["email"], ["address", "city"], ["updated_at"]],
      },
      { streamName: "events", syncModes: ["full_refresh_append"], propertyFields: columns },
    ]);
    const result = await h.call(listStreams, { sourceId: source.id, destinationId: destination.id });
    expect(result.streams[0]).toEqual({
      name: "users",
      namespace: "public",
      syncModes: ["full_refresh_overwrite", "incremental_append", "incremental_deduped_history"],
      defaultCursorField: "updated_at",
      sourceDefinedCursor: false,
      primaryKey: ["id"],
      fields: ["id", "email", "address.city", "updated_at"],
      fieldCount: 4,
    });
    expect(result.streams[1]).toMatchObject({ name: "events", primaryKey: [], fieldCount: 250 });
    expect(result.streams[1]?.fields).toHaveLength(200);
    expect(apiCalls()).toEqual([`GET /v1/streams?sourceId=${source.id}&destinationId=${destination.id}`]);
    expect(h.fake.discoveries).toBe(0);
  });

  it("airbyte_list_streams with refresh asks Airbyte to discover the source again", async () => {
    const { source } = seedWorkspace(h.fake);
    expect(await h.call(listStreams, { sourceId: source.id, refresh: true })).toEqual({ streams: [] });
    expect(apiCalls()).toEqual([`GET /v1/streams?sourceId=${source.id}&ignoreCache=true`]);
    expect(h.fake.discoveries).toBe(1);
  });
});

describe("connections", () => {
  it("airbyte_list_connections returns status, schedule and streams", async () => {
    const { connection, source, destination, workspace } = seedWorkspace(h.fake);
    const result = await h.call(listConnections, {});
    expect(result.connections).toEqual([
      {
        connectionId: connection.connectionId,
        name: "Postgres → Warehouse",
        status: "active",
        workspaceId: workspace.workspaceId,
        sourceId: source.id,
        destinationId: destination.id,
        schedule: { type: "cron", cronExpression: "0 0 * * * ?" },
        streams: [
          { name: "users", syncMode: "incremental_append" },
          { name: "orders", syncMode: "full_refresh_overwrite" },
        ],
        namespaceDefinition: "destination",
        nonBreakingSchemaUpdatesBehavior: "ignore",
        createdAt: "2026-01-01T00:00:00.000Z",
      },
    ]);
  });

  it("airbyte_get_connection adds the connection's latest job", async () => {
    const { connection } = seedWorkspace(h.fake);
    h.fake.addJob(connection, { status: "succeeded", startTime: "2026-11-19T00:00:00Z", duration: "PT10M" });
    h.fake.addJob(connection, { status: "failed", startTime: "2026-11-20T00:00:00Z", duration: "PT1M", rowsSynced: 0 });
    const result = await h.call(getConnection, { connectionId: connection.connectionId });
    expect(result.connection.name).toBe("Postgres → Warehouse");
    expect(result.latestJob).toMatchObject({ status: "failed", finished: true, durationSeconds: 60, startTime: "2026-11-20T00:00:00Z" });
    expect(apiCalls()).toEqual(expect.arrayContaining([`GET /v1/connections/${connection.connectionId}`, `GET /v1/jobs?connectionId=${connection.connectionId}&orderBy=createdAt%7CDESC&limit=1`]));
  });

  it("airbyte_set_connection_status sends PATCH {status} and returns the saved connection", async () => {
    const { connection } = seedWorkspace(h.fake);
    const result = await h.call(setConnectionStatus, { connectionId: connection.connectionId, status: "inactive" });
    expect(lastBody(h.fake)).toEqual({ status: "inactive" });
    expect(h.fake.requests.at(-1)?.method).toBe("PATCH");
    expect(result.connection.status).toBe("inactive");
    expect(h.fake.connections[0]?.status).toBe("inactive");
  });
});

describe("jobs", () => {
  it("airbyte_trigger_sync starts a sync job and returns it at once; airbyte_get_job follows it", async () => {
    const { connection } = seedWorkspace(h.fake);
    const started = await h.call(triggerSync, { connectionId: connection.connectionId });
    expect(lastBody(h.fake)).toEqual({ connectionId: connection.connectionId, jobType: "sync" });
    expect(started.job).toEqual({ jobId: expect.any(Number), status: "running", finished: false, jobType: "sync", connectionId: connection.connectionId, startTime: "2026-11-20T12:00:00Z", lastUpdatedAt: "2026-11-20T12:00:00Z" });

    const stored = h.fake.job(started.job.jobId);
    Object.assign(stored, { status: "succeeded", duration: "PT4M30S", rowsSynced: 1200, bytesSynced: 345_678, lastUpdatedAt: "2026-11-20T12:04:30Z" });
    const followed = await h.call(getJob, { jobId: started.job.jobId });
    expect(followed.job).toMatchObject({ status: "succeeded", finished: true, durationSeconds: 270, rowsSynced: 1200, bytesSynced: 345_678 });
  });

  it("airbyte_trigger_sync is not retried after an ambiguous 502 (the job may have started)", async () => {
    const { connection } = seedWorkspace(h.fake);
    h.fake.failNext({ status: 502, body: { title: "bad-gateway", status: 502 } }, "/v1/jobs");
    const error = await upstreamErrorOf(h.call(triggerSync, { connectionId: connection.connectionId }));
    expect(error.status).toBe(502);
    expect(h.fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/jobs")).toHaveLength(1);
  });

  it("airbyte_trigger_sync passes on Airbyte's 409 when a job is already running", async () => {
    const { connection } = seedWorkspace(h.fake);
    h.fake.addJob(connection, { status: "running", startTime: "2026-11-20T11:59:00Z" });
    const error = await upstreamErrorOf(h.call(triggerSync, { connectionId: connection.connectionId }));
    expect(error.status).toBe(409);
    expect(error.retryable).toBe(false);
  });

  it("airbyte_reset_connection starts a reset job", async () => {
    const { connection } = seedWorkspace(h.fake);
    const result = await h.call(resetConnection, { connectionId: connection.connectionId });
    expect(lastBody(h.fake)).toEqual({ connectionId: connection.connectionId, jobType: "reset" });
    expect(result.job).toMatchObject({ jobType: "reset", status: "running" });
  });

  it("airbyte_cancel_job sends DELETE /jobs/{id} and returns the cancelled job", async () => {
    const { connection } = seedWorkspace(h.fake);
    const job = h.fake.addJob(connection, { status: "running", startTime: "2026-11-20T11:00:00Z" });
    const result = await h.call(cancelJob, { jobId: job.jobId });
    expect(h.fake.requests.at(-1)).toMatchObject({ method: "DELETE", path: `/v1/jobs/${job.jobId}` });
    expect(result.job).toMatchObject({ jobId: job.jobId, status: "cancelled", finished: true });
  });

  it("airbyte_list_jobs filters by connection, status, type and creation time, newest first", async () => {
    const { connection, workspace } = seedWorkspace(h.fake);
    h.fake.addJob(connection, { status: "failed", startTime: "2026-11-18T00:00:00Z" });
    const wanted = h.fake.addJob(connection, { status: "failed", startTime: "2026-11-20T00:00:00Z" });
    h.fake.addJob(connection, { status: "succeeded", startTime: "2026-11-20T01:00:00Z" });
    const result = await h.call(listJobs, { connectionId: connection.connectionId, status: "failed", jobType: "sync", createdSince: "2026-11-19T00:00:00.000Z" });
    expect(result.jobs.map((j) => j.jobId)).toEqual([wanted.jobId]);
    expect(apiCalls().at(-1)).toBe(
      `GET /v1/jobs?connectionId=${connection.connectionId}&jobType=sync&status=failed&createdAtStart=2026-11-19T00%3A00%3A00Z&orderBy=createdAt%7CDESC&limit=20&offset=0`,
    );
    const all = await h.call(listJobs, { workspaceId: workspace.workspaceId, limit: 2 });
    expect(all.jobs.map((j) => j.startTime)).toEqual(["2026-11-20T01:00:00Z", "2026-11-20T00:00:00Z"]);
    expect(all.nextOffset).toBe(2);
  });
});

describe("the tool surface", () => {
  it("marks every write honestly: resets, cancels and disabling are destructive; starting jobs is not idempotent", () => {
    const annotations = Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations]));
    const writes = tools.filter((tool) => !tool.annotations.readOnlyHint).map((tool) => tool.name);
    expect(writes.sort()).toEqual(["airbyte_cancel_job", "airbyte_reset_connection", "airbyte_set_connection_status", "airbyte_trigger_sync"]);
    expect(annotations.airbyte_reset_connection).toMatchObject({ destructiveHint: true, idempotentHint: false });
    expect(annotations.airbyte_trigger_sync).toMatchObject({ destructiveHint: false, idempotentHint: false });
    expect(annotations.airbyte_cancel_job).toMatchObject({ destructiveHint: true });
    expect(annotations.airbyte_set_connection_status).toMatchObject({ destructiveHint: true, idempotentHint: true });
    for (const tool of tools.filter((t) => t.annotations.destructiveHint)) expect(tool.description, tool.name).toMatch(/DESTRUCTIVE|stops|delet/i);
  });

  it("waits out Airbyte's 429 for as long as Retry-After says, then answers", async () => {
    h.fake.addWorkspace("Data platform");
    h.fake.failNext({ status: 429, headers: { "retry-after": "3" }, body: { type: "https://reference.airbyte.com/reference/errors#rate-limited", title: "rate-limited", status: 429 } }, "/v1/workspaces");
    const result = await h.call(listWorkspaces, {});
    expect(result.workspaces.map((w) => w.name)).toEqual(["Data platform"]);
    expect(h.fake.requests.filter((r) => r.path === "/v1/workspaces").map((r) => r.status)).toEqual([429, 200]);
    expect(Math.max(...h.waits)).toBeGreaterThanOrEqual(3000);
  });

  it("every tool call is an UpstreamError-typed failure when Airbyte is down, never a crash", async () => {
    // a GET gets 4 attempts
    for (let i = 0; i < 4; i += 1) h.fake.failNext({ status: 500, body: { title: "internal", status: 500 } }, "/v1/workspaces");
    const error = await h.call(listWorkspaces, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).retryable).toBe(true);
    expect(h.fake.requests.filter((r) => r.path === "/v1/workspaces").map((r) => r.status)).toEqual([500, 500, 500, 500]);
  });
});
