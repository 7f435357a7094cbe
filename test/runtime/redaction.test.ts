/**
 * Secrets never reach logs or error messages: canary credentials are pushed through every path a
 * value can take (a handler's log fields, an upstream error's detail and safe message, an
 * unexpected error's message, header fields) and must come out as [REDACTED].
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, UpstreamError, type PlatformDefinition } from "../../services/runtime/contract.js";
import { createSecretScrubber } from "../../services/runtime/observability/secret-scrubber.js";
import type { WidgetApi } from "../fixtures/test-platform/api.js";
import { definition as testPlatform } from "../fixtures/test-platform/index.js";
import { AGENT_TOKEN, API_KEY, startTestServer } from "./support.js";

const QUOTED_SECRET = 'canary-"quoted"\\secret-9d1e';
const tool = defineTool<WidgetApi>();

const leakyTool = tool({
  name: "widgets_leaky",
  title: "Leaky",
  description: "Puts credential values everywhere a careless handler might.",
  toolset: "test",
  input: z.object({ mode: z.enum(["upstream", "bug"]) }),
  output: z.object({ ok: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async ({ mode }, { log }) => {
    log.info({ headers: { authorization: `Bearer ${AGENT_TOKEN}`, "x-api-key": API_KEY }, note: `using key ${API_KEY} and ${QUOTED_SECRET}` }, "calling");
    if (mode === "upstream") {
      throw new UpstreamError("widgets", 401, false, `rejected key ${API_KEY}`, `response echoed ${QUOTED_SECRET} and ${API_KEY}`);
    }
    throw new Error(`bug while holding ${API_KEY}`);
  },
});

describe("secret redaction", () => {
  it("scrubs every loaded credential from log lines and tool errors", async () => {
    const definition: PlatformDefinition<WidgetApi> = { ...testPlatform, tools: [leakyTool] };
    const t = await startTestServer({ definition: definition as PlatformDefinition<unknown>, env: { WIDGETS_WEBHOOK_SECRET: QUOTED_SECRET } });
    try {
      const client = await t.connect();
      const upstream = await client.callTool({ name: "widgets_leaky", arguments: { mode: "upstream" } });
      const bug = await client.callTool({ name: "widgets_leaky", arguments: { mode: "bug" } });
      const answers = JSON.stringify([upstream, bug]);
      expect(answers).toContain("rejected key [REDACTED]");
      expect(answers).not.toContain(API_KEY);

      await t.server.close();
      const logs = t.logs.text();
      expect(logs).toContain("using key [REDACTED]");
      expect(logs).toContain("response echoed [REDACTED] and [REDACTED]");
      expect(logs).toContain("bug while holding [REDACTED]");
      for (const secret of [API_KEY, AGENT_TOKEN, QUOTED_SECRET, JSON.stringify(QUOTED_SECRET).slice(1, -1)]) {
        expect(logs).not.toContain(secret);
      }
    } finally {
      await t.stop();
    }
  });
});

describe("createSecretScrubber", () => {
  it("replaces a longer secret whole even when it contains a shorter one", () => {
    const scrubber = createSecretScrubber(["abcd", "xxabcdxx"]);
    expect(scrubber.scrub("a xxabcdxx b abcd")).toBe("a [REDACTED] b [REDACTED]");
  });

  it("leaves very short values alone rather than shredding every line", () => {
    expect(createSecretScrubber(["ab"]).scrub("tab and cab")).toBe("tab and cab");
  });
});
