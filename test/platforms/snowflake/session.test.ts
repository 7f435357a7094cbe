/** The pooled driver session: login failures, sessions Snowflake ended, reuse, and logout on close. */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createSnowflakeApi } from "../../../services/platforms/snowflake/api/index.js";
import { createSession } from "../../../services/platforms/snowflake/api/session.js";
import { sampleAccount, startSnowflakeAdminFake } from "../../fakes/snowflake.js";
import { listDatabases } from "../../../services/platforms/snowflake/tools/list-databases.js";
import { listWarehouses } from "../../../services/platforms/snowflake/tools/list-warehouses.js";
import { closedAfterEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { NOW, credentialsFor, startHarness } from "./harness.js";

const start = closedAfterEachTest(startHarness);
const startFake = closedAfterEachTest(startSnowflakeAdminFake);

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

  it("paces statement starts at rate_limits.api_calls_per_minute", async () => {
    const fake = await startFake(sampleAccount(NOW));
    let clock = 1_000_000;
    const waits: number[] = [];
    const session = createSession({
      credentials: credentialsFor(fake),
      log: pino({ level: "silent" }),
      statementsPerMinute: 120,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    const api = createSnowflakeApi(session, "acme-prod");
    try {
      await api.listDatabases();
      await api.listWarehouses();
      clock += 200;
      await api.listTasks();
      clock += 5_000;
      await api.listPipes();
    } finally {
      await api.close();
    }
    // 120 a minute: starts 500 ms apart; a start after a long enough pause does not wait
    expect(waits).toEqual([500, 300]);
    expect(fake.base.queries).toHaveLength(4);
  });
});
