/** What only Slack's tool surface promises (the rules every tool keeps are in ../tool-registry.test.ts). */
import { describe, expect, it } from "vitest";
import { definition } from "../../../services/platforms/slack/index.js";

describe("slack tool surface", () => {
  it("marks exactly the write tools as not read-only", () => {
    const writes = definition.tools.filter((t) => !t.annotations.readOnlyHint).map((t) => t.name);
    expect(writes.sort()).toEqual(["slack_add_reaction", "slack_post_message", "slack_update_message"]);
  });
});
