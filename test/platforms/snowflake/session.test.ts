/** The pooled driver session: sign-in (token or key pair), login failures, sessions Snowflake ended, reuse, pacing, and logout on close. */
import { generateKeyPairSync } from "node:crypto";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createSnowflakeApi } from "../../../services/platforms/snowflake/api/index.js";
import { createSession, signInFrom } from "../../../services/platforms/snowflake/api/session.js";
import { definition } from "../../../services/platforms/snowflake/index.js";
import { PACING_UTILIZATION } from "../../../services/runtime/http/pacing.js";
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
    // 120 a minute, paced by the runtime's RequestPacer at 98%: starts 510 ms apart; a start after a long enough pause does not wait
    const interval = 60_000 / (120 * PACING_UTILIZATION);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeCloseTo(interval, 6);
    expect(waits[1]).toBeCloseTo(interval - 200, 6);
    expect(fake.base.queries).toHaveLength(4);
  });
});

const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 });
const pemOf = (key: ReturnType<typeof rsa>["privateKey"], passphrase?: string) =>
  key.export({ format: "pem", type: "pkcs8", ...(passphrase === undefined ? {} : { cipher: "aes-256-cbc", passphrase }) }).toString();

describe("snowflake key-pair sign-in", () => {
  const keys = rsa();

  it("signs in with SNOWFLAKE_PRIVATE_KEY: the driver's JWT verifies against the user's public key, with iss ACCOUNT.USER.SHA256:fingerprint", async () => {
    const h = await start({ fake: { publicKey: keys.publicKey, password: false }, credentials: { SNOWFLAKE_PASSWORD: undefined, SNOWFLAKE_PRIVATE_KEY: pemOf(keys.privateKey) } });
    const { databases } = await h.call(listDatabases, {});
    expect(databases).toHaveLength(2);
    expect(h.fake.base.logins).toEqual([expect.objectContaining({ authenticator: "SNOWFLAKE_JWT", accepted: true })]);
  });

  it("decrypts an encrypted key with SNOWFLAKE_PRIVATE_KEY_PASSPHRASE, and reads a PEM whose newlines arrived as \\n", async () => {
    const oneLine = pemOf(keys.privateKey, "correct horse").replace(/\n/g, "\\n");
    const h = await start({ fake: { publicKey: keys.publicKey, password: false }, credentials: { SNOWFLAKE_PASSWORD: undefined, SNOWFLAKE_PRIVATE_KEY: oneLine, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: "correct horse" } });
    await h.call(listWarehouses, {});
    expect(h.fake.base.logins.map((l) => l.accepted)).toEqual([true]);
  });

  it("is refused when the key is not the one registered for the user, naming the variables and never the key", async () => {
    const other = pemOf(rsa().privateKey);
    const h = await start({ fake: { publicKey: keys.publicKey, password: false }, credentials: { SNOWFLAKE_PASSWORD: undefined, SNOWFLAKE_PRIVATE_KEY: other } });
    const error = await upstreamErrorOf(h.call(listDatabases, {}));
    expect(error.status).toBe(401);
    expect(error.safeMessage).toBe("Snowflake refused the credentials (SNOWFLAKE_USER / SNOWFLAKE_PRIVATE_KEY)");
    expect(h.fake.base.logins[0]).toMatchObject({ authenticator: "SNOWFLAKE_JWT", accepted: false });
    expect(h.fake.base.logins[0]?.refusal).toMatch(/does not verify|unexpected "iss"/);
    const body = other.split("\n")[1] as string;
    expect(`${error.safeMessage} ${error.detail ?? ""}`).not.toContain(body);
    expect(h.fake.base.queries).toEqual([]);
  });

  const key = pemOf(keys.privateKey);
  const encrypted = pemOf(keys.privateKey, "s3cret-passphrase");
  const base = { SNOWFLAKE_ACCOUNT: "acme-prod", SNOWFLAKE_USER: "SOPHIA_SVC" };
  it.each([
    ["both a token and a key", { SNOWFLAKE_PASSWORD: "pat-value-1", SNOWFLAKE_PRIVATE_KEY: key }, "set exactly one of SNOWFLAKE_PASSWORD (password or programmatic access token) and SNOWFLAKE_PRIVATE_KEY (key-pair), not both"],
    ["neither", {}, "set SNOWFLAKE_PASSWORD (password or programmatic access token) or SNOWFLAKE_PRIVATE_KEY (key-pair, PEM); neither is set"],
    ["a blank token and no key", { SNOWFLAKE_PASSWORD: "  " }, "neither is set"],
    ["a passphrase without a key", { SNOWFLAKE_PASSWORD: "pat-value-1", SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: "s3cret-passphrase" }, "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE is set but SNOWFLAKE_PRIVATE_KEY is not"],
    ["an encrypted key without its passphrase", { SNOWFLAKE_PRIVATE_KEY: encrypted }, "SNOWFLAKE_PRIVATE_KEY is encrypted; set SNOWFLAKE_PRIVATE_KEY_PASSPHRASE"],
    ["a wrong passphrase", { SNOWFLAKE_PRIVATE_KEY: encrypted, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: "wrong-passphrase" }, "SNOWFLAKE_PRIVATE_KEY could not be decrypted with SNOWFLAKE_PRIVATE_KEY_PASSPHRASE"],
    ["a public key instead of the private one", { SNOWFLAKE_PRIVATE_KEY: keys.publicKey.export({ format: "pem", type: "spki" }).toString() }, "SNOWFLAKE_PRIVATE_KEY is not a PEM private key"],
    ["an EC key", { SNOWFLAKE_PRIVATE_KEY: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "pem", type: "pkcs8" }).toString() }, "SNOWFLAKE_PRIVATE_KEY must be an RSA key"],
  ])("refuses %s with an error naming the variables and no value", (_case, credentials: Record<string, string>, message) => {
    const error = (() => {
      try {
        signInFrom({ ...base, ...credentials });
      } catch (e) {
        return e as Error;
      }
      return expect.unreachable("signInFrom accepted the credentials");
    })();
    expect(error.message).toContain(message);
    for (const value of Object.values(credentials)) if (value.trim() !== "") expect(error.message).not.toContain(value);
    expect(error.message).not.toContain("MII");
  });

  it("leaves the server's client uncreated when the sign-in is ambiguous (the runtime then reports the message as not configured)", () => {
    const log = pino({ level: "silent" });
    expect(() => definition.createApi({ credentials: { ...base, SNOWFLAKE_PASSWORD: "pat-value-1", SNOWFLAKE_PRIVATE_KEY: key }, settings: { enabled: true, mcp_server_port: 9012 }, http: undefined as never, log, dataDir: "/nonexistent" })).toThrow(
      /not both/,
    );
  });
});
