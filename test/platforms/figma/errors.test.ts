import { describe, expect, it } from "vitest";
import { definition } from "../../../services/platforms/figma/index.js";
import { getFile } from "../../../services/platforms/figma/tools/get-file.js";
import { listProjects } from "../../../services/platforms/figma/tools/list-projects.js";
import { listWebhooks } from "../../../services/platforms/figma/tools/list-webhooks.js";
import { FigmaFake } from "../../fakes/figma.js";
import { closedAfterEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { TOKEN, startHarness } from "./harness.js";

// each test starts its own harness (some with other credentials); every one is checked and closed after it
const startChecked = closedAfterEachTest(startHarness);

describe("Figma errors", () => {
  it("waits out a 429's Retry-After in the runtime client, then answers", async () => {
    const h = await startChecked();
    h.fake.failNext(FigmaFake.rateLimited(7));
    const result = await h.call(getFile, { fileKey: h.file.key });
    expect(result.name).toBe("Checkout flows");
    expect(h.fake.requests.map((r) => r.status)).toEqual([429, 200]);
    // Retry-After in seconds, plus the client's jitter on top
    expect(h.waits).toHaveLength(1);
    expect(h.waits[0]).toBeGreaterThanOrEqual(7_000);
    expect(h.waits[0]).toBeLessThan(8_000);
  });

  it("gives up with a retryable typed 429 when Figma keeps refusing", async () => {
    const h = await startChecked();
    for (let i = 0; i < 4; i++) h.fake.failNext(FigmaFake.rateLimited(1));
    const error = await upstreamErrorOf(h.call(getFile, { fileKey: h.file.key }));
    expect(error).toMatchObject({ platform: "figma", status: 429, retryable: true });
    expect(error.safeMessage).toBe("Figma answered 429 Too Many Requests for GET /v1/files/{id}");
  });

  it("maps an unknown file to a 404 that names no key or token", async () => {
    const h = await startChecked();
    const error = await upstreamErrorOf(h.call(getFile, { fileKey: "NoSuchFile0123456789" }));
    expect(error.status).toBe(404);
    expect(error.retryable).toBe(false);
    expect(error.safeMessage).not.toContain("NoSuchFile0123456789");
    expect(error.safeMessage).not.toContain(TOKEN);
  });

  it("maps a rejected token (Figma answers 403) to a typed error without the token", async () => {
    const h = await startChecked({ FIGMA_ACCESS_TOKEN: "figd_revoked", FIGMA_TEAM_ID: "1234567890" });
    const error = await upstreamErrorOf(h.call(listProjects, {}));
    expect(error.status).toBe(403);
    expect(JSON.stringify(error)).not.toContain("figd_revoked");
    expect(error.message).not.toContain("figd_revoked");
  });

  it("sends an OAuth access token as a Bearer token when FIGMA_TOKEN_TYPE=oauth", async () => {
    const h = await startChecked({ FIGMA_ACCESS_TOKEN: "figu_oauth-token", FIGMA_TOKEN_TYPE: "oauth", FIGMA_TEAM_ID: "1234567890" });
    await h.call(listProjects, {});
    expect(h.fake.requests.at(-1)?.headers.authorization).toBe("Bearer figu_oauth-token");
    expect(h.fake.requests.at(-1)?.headers["x-figma-token"]).toBeUndefined();
  });

  it("names the missing team instead of calling Figma without one", async () => {
    const h = await startChecked({ FIGMA_ACCESS_TOKEN: TOKEN });
    const error = await upstreamErrorOf(h.call(listProjects, {}));
    expect(error.safeMessage).toContain("FIGMA_TEAM_ID is not set");
    expect((await upstreamErrorOf(h.call(listWebhooks, {}))).status).toBe(400);
    expect(h.fake.requests).toHaveLength(0);
  });

  it("refuses to build without FIGMA_ACCESS_TOKEN", () => {
    expect(() => definition.auth({}, { fetch })).toThrow(/FIGMA_ACCESS_TOKEN/);
  });
});
