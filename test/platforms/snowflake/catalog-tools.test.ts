/** The catalog tools against the admin fake: databases, schemas, tables and views, describe. */
import { describe, expect, it } from "vitest";
import { describeTable } from "../../../services/platforms/snowflake/tools/describe-table.js";
import { listDatabases } from "../../../services/platforms/snowflake/tools/list-databases.js";
import { listSchemas } from "../../../services/platforms/snowflake/tools/list-schemas.js";
import { listTables } from "../../../services/platforms/snowflake/tools/list-tables.js";
import { TOKEN } from "../../fakes/snowflake.js";
import { startedForEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { type Harness, startHarness } from "./harness.js";

let h: Harness;
startedForEachTest(startHarness, (started) => (h = started));

describe("snowflake catalog tools", () => {
  it("logs in once with the token as the password and lists databases from SHOW DATABASES", async () => {
    const { databases } = await h.call(listDatabases, {});
    expect(databases.map((d) => d.name)).toEqual(["ANALYTICS", "RAW"]);
    expect(databases[0]).toEqual({ name: "ANALYTICS", owner: "SYSADMIN", kind: "STANDARD", retentionDays: 1, comment: "Curated marts" });
    const again = await h.call(listDatabases, { nameContains: "raw" });
    expect(again.databases.map((d) => d.name)).toEqual(["RAW"]);
    // one pooled session served both calls
    expect(h.fake.base.logins).toHaveLength(1);
    expect(h.fake.base.logins[0]).toMatchObject({ account: "acme-prod", user: "SOPHIA_SVC" });
    expect(h.fake.base.logins[0]?.query.warehouse).toBe("COMPUTE_WH");
    expect(JSON.stringify(databases)).not.toContain(TOKEN);
  });

  it("sends every statement with a statement timeout and a single-statement limit", async () => {
    await h.call(listSchemas, { database: "ANALYTICS" });
    const sent = h.fake.base.queries.at(-1);
    expect(sent?.parameters).toMatchObject({ STATEMENT_TIMEOUT_IN_SECONDS: 60, MULTI_STATEMENT_COUNT: 1, QUERY_TAG: "sophia-snowflake-admin" });
  });

  it("lists schemas of a database, quoting its name and binding the limit", async () => {
    const { schemas } = await h.call(listSchemas, { database: "ANALYTICS", limit: 2 });
    expect(schemas.map((s) => s.name)).toEqual(["INFORMATION_SCHEMA", "MARTS"]);
    expect(schemas[1]).toMatchObject({ name: "MARTS", owner: "SYSADMIN", transient: false, createdAt: "2025-01-15T08:00:00.000Z" });
    expect(h.sent().at(-1)).toContain('FROM "ANALYTICS".INFORMATION_SCHEMA.SCHEMATA');
    expect(h.fake.base.queries.at(-1)?.bindings).toEqual({ 1: { type: "FIXED", value: "2" } });
  });

  it("lists tables and views, filtered by schema, kind and name pattern, leaving INFORMATION_SCHEMA out", async () => {
    const all = await h.call(listTables, { database: "ANALYTICS" });
    expect(all.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(["MARTS.ORDERS", "MARTS.ORDERS_DAILY", "PUBLIC.EVENTS"]);
    expect(all.truncated).toBe(false);
    expect(all.tables[0]).toMatchObject({ type: "BASE TABLE", rowCount: 1_250_000, bytes: 48_000_000, comment: "One row per order", lastAlteredAt: "2025-01-16T08:00:00.000Z" });

    const views = await h.call(listTables, { database: "ANALYTICS", schema: "MARTS", kind: "view" });
    expect(views.tables.map((t) => t.name)).toEqual(["ORDERS_DAILY"]);
    const named = await h.call(listTables, { database: "ANALYTICS", namePattern: "%orders%", limit: 1 });
    expect(named.tables.map((t) => t.name)).toEqual(["ORDERS"]);
    expect(named.truncated).toBe(true);
  });

  it("describes a table with its columns in order", async () => {
    const described = await h.call(describeTable, { database: "ANALYTICS", schema: "MARTS", table: "ORDERS" });
    expect(described.table).toMatchObject({ schema: "MARTS", name: "ORDERS", type: "BASE TABLE" });
    expect(described.columns).toEqual([
      { name: "ORDER_ID", position: 1, type: "NUMBER(38,0)", nullable: false },
      { name: "CUSTOMER", position: 2, type: "TEXT(16777216)", nullable: true, comment: "customer name" },
      { name: "ORDERED_AT", position: 3, type: "TIMESTAMP_NTZ", nullable: false },
    ]);
  });

  it("says a table is missing (names are case-sensitive) with a 404", async () => {
    const error = await upstreamErrorOf(h.call(describeTable, { database: "ANALYTICS", schema: "MARTS", table: "orders" }));
    expect(error.status).toBe(404);
    expect(error.safeMessage).toContain("ANALYTICS.MARTS.orders");
  });

  it("passes Snowflake's error for an unknown database, and quotes hostile names instead of pasting them", async () => {
    const error = await upstreamErrorOf(h.call(listSchemas, { database: 'X".INFORMATION_SCHEMA.SCHEMATA; DROP DATABASE ANALYTICS; --' }));
    expect(error.status).toBe(400);
    expect(error.safeMessage).toContain("does not exist or not authorized");
    expect(h.sent().at(-1)).toContain('FROM "X"".INFORMATION_SCHEMA.SCHEMATA; DROP DATABASE ANALYTICS; --".INFORMATION_SCHEMA.SCHEMATA');
  });
});
