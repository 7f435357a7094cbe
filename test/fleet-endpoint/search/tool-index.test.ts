/**
 * The pieces under the two tools: the index cache (rebuilt only when the tool list changes), the
 * value kinds a request's arguments add, and the argument checker on schemas as servers list them.
 */
import { describe, expect, it } from "vitest";
import { ArgumentChecker, describeProblems } from "../../../services/fleet-endpoint/search/argument-check.js";
import type { FederatedTool } from "../../../services/fleet-endpoint/search/federation.js";
import { ToolSearchCache, withValueKinds } from "../../../services/fleet-endpoint/search/tool-index.js";

const tool = (name: string, description: string): FederatedTool => ({
  platform: name.split("_")[0] as string,
  name,
  description,
  inputSchema: { type: "object", properties: {} },
});

describe("ToolSearchCache", () => {
  it("keeps the index while the list is the same (the same array or equal contents) and rebuilds it when a tool changes", () => {
    const cache = new ToolSearchCache();
    const tools = [tool("slack_post_message", "Post a message to a channel."), tool("linear_create_issue", "Create an issue.")];
    const first = cache.indexFor(tools);
    // compared by identity: printing an index would walk its database handles
    expect(cache.indexFor(tools) === first).toBe(true);
    expect(cache.indexFor(tools.map((t) => ({ ...t }))) === first).toBe(true);
    const changed = [tools[0] as FederatedTool, tool("linear_create_issue", "Create an issue in a team.")];
    const second = cache.indexFor(changed);
    expect(second === first).toBe(false);
    expect(second.search("create an issue in a team", { limit: 1 })[0]?.tool.description).toBe("Create an issue in a team.");
  });
});

describe("withValueKinds", () => {
  it.each([
    ["who is jane@acme.com", "email"],
    ["post in #deals", "channel"],
    ["close ENG-421", "issue"],
    ["open https://example.com/x", "url link"],
  ])("%s: adds %s", (request, kind) => {
    expect(withValueKinds(request)).toBe(`${request} ${kind}`);
  });

  it("leaves a request without such values as it is", () => {
    expect(withValueKinds("which GPU instances are running")).toBe("which GPU instances are running");
    expect(withValueKinds("issue #deals 4 it")).toBe("issue #deals 4 it channel");
  });
});

describe("ArgumentChecker", () => {
  const checker = new ArgumentChecker();
  const draft07 = {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: { ids: { type: "array", items: { type: "string", minLength: 1 } }, limit: { type: "integer", maximum: 50 } },
    required: ["ids"],
    additionalProperties: false,
  };

  it("validates the dialect a server declares (draft-07 here) and names nested arguments by path", () => {
    expect(checker.check(draft07, { ids: ["a"], limit: 5 })).toEqual({ ok: true });
    const result = checker.check(draft07, { ids: ["a", ""], limit: 51 });
    expect(result).toEqual({ ok: false, problems: expect.arrayContaining(["ids.1: must NOT have fewer than 1 characters", "limit: must be <= 50"]) });
  });

  it("says which arguments are missing or unknown", () => {
    expect(checker.check(draft07, { idz: ["a"] })).toEqual({ ok: false, problems: expect.arrayContaining(["ids: is required", "idz: not an argument of this tool"]) });
  });

  it("shows at most four problems and counts the rest", () => {
    expect(describeProblems(["a", "b", "c", "d", "e", "f"])).toBe("a; b; c; d; and 2 more");
  });
});
