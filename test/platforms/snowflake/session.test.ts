/** The pooled driver session: login failures, sessions Snowflake ended, reuse, and logout on close. */
import { describe, expect, it } from "vitest";
import { listDatabases } from "../../../services/platforms/snowflake/tools/list-databases.js";
import { listWarehouses } from "../../../services/platforms/snowflake/tools/list-warehouses.js";
import { closedAfterEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { startHarness } from "./harness.js";

const start = closedAfterEachTest(startHarness);

describe("snowflake session", () => {
  it("refuses wrong credentials with a message that names the variables and not the secret", async () => {
    const h = await start({ credentials: { SNOWFLAKE_PASSWORD: "wrong-secret-value-42" } });
    const error = await upstreamErrorOf(h.call(listDatabases, {}));
    expect(error.status).toBe(401);
    expect(error.retryable).toBe(false);
    expect(error.safeMessage).toBe("Snowflake refused the credentials (SNOWFLAKE_USER / SNOWFLAKE_PASSWORD)");
    expect(`${error.safeMessage} ${error.detail ?? ""}`).not.toContain("wrong-secret-value-42");
    expect(h.fake.base.queries).toEqual([]);
  });

  it("reuses one session for sequential calls and checks it on borrow", async () => {
    const h = await start();
    await h.call(listDatabases, {});
    await h.call(listWarehouses, {});
    await h.call(listDatabases, {});
    expect(h.fake.base.logins).toHaveLength(1);
    // testOnBorrow: the pooled session is checked with the driver's heartbeat before reuse
    expect(h.fake.base.heartbeats()).toBeGreaterThanOrEqual(2);
  });

  it("replaces a session Snowflake has ended: the next call logs in again", async () => {
    const h = await start();
    await h.call(listDatabases, {});
    h.fake.base.expireSessions();
    // the borrow check (a heartbeat) is refused, so the pool drops that session and logs in again
    const { databases } = await h.call(listDatabases, {});
    expect(databases).toHaveLength(2);
    expect(h.fake.base.logins).toHaveLength(2);
  });

  it("logs its sessions out when the API is closed", async () => {
    const h = await start();
    await h.call(listDatabases, {});
    await h.api.close();
    // a call after close opens a fresh pool rather than failing
    await h.call(listWarehouses, {});
    expect(h.fake.base.logins).toHaveLength(2);
  });
});
