import { format, inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { mergeCredentialTrees, type CredentialTree } from "../../services/esc/credentials.js";
import { redactedRecord, SecretValue } from "../../services/esc/secret-value.js";

const PLAINTEXT = "s3cr3t-value-for-printing-test";

describe("SecretValue", () => {
  it("hands out the plaintext only through reveal()", () => {
    const value = new SecretValue(PLAINTEXT);
    expect(value.reveal()).toBe(PLAINTEXT);
    const printed = [
      String(value),
      `${value}`,
      JSON.stringify({ value }),
      inspect(value),
      inspect({ nested: { value } }, { depth: 10 }),
      format("%s %o %O %j", value, value, value, { value }),
      inspect(new Map([["k", value]])),
    ];
    for (const text of printed) expect(text).not.toContain(PLAINTEXT);
    expect(String(value)).toBe("[secret]");
  });
});

describe("redactedRecord", () => {
  it("prints names only but spreads and reads as the plain record", () => {
    const record = redactedRecord({ SLACK_BOT_TOKEN: PLAINTEXT });
    expect(record.SLACK_BOT_TOKEN).toBe(PLAINTEXT);
    expect({ ...record }).toEqual({ SLACK_BOT_TOKEN: PLAINTEXT });
    expect(Object.keys(record)).toEqual(["SLACK_BOT_TOKEN"]);
    expect(JSON.stringify(record)).toBe('{"SLACK_BOT_TOKEN":"[secret]"}');
    expect(inspect(record)).not.toContain(PLAINTEXT);
    expect(inspect({ values: record })).toContain("SLACK_BOT_TOKEN");
    expect(format("%o", record)).not.toContain(PLAINTEXT);
  });
});

describe("mergeCredentialTrees", () => {
  it("lets later environments override earlier ones key by key", () => {
    const tree = (entries: Record<string, Record<string, string>>): CredentialTree =>
      new Map(Object.entries(entries).map(([group, vars]) => [group, new Map(Object.entries(vars).map(([k, v]) => [k, new SecretValue(v)]))]));
    const merged = mergeCredentialTrees([
      tree({ slack: { SLACK_BOT_TOKEN: "old", SLACK_SIGNING_SECRET: "kept" } }),
      tree({ slack: { SLACK_BOT_TOKEN: "new" }, fleet: { MCP_AUTH_TOKEN: "m" } }),
    ]);
    expect(merged.get("slack")?.get("SLACK_BOT_TOKEN")?.reveal()).toBe("new");
    expect(merged.get("slack")?.get("SLACK_SIGNING_SECRET")?.reveal()).toBe("kept");
    expect(merged.get("fleet")?.get("MCP_AUTH_TOKEN")?.reveal()).toBe("m");
  });
});
