import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { README, renderReadme } from "../../services/docs/readme.js";
import { firstSentence, platformSection, replaceBlock, variablesTable } from "../../services/docs/tables.js";

describe("README", () => {
  it("has generated tables that match the code (run `npm run docs` when this fails)", async () => {
    const current = readFileSync(README, "utf8");
    expect(await renderReadme(current)).toBe(current);
  });

  it("opens with the two commands a newcomer runs", () => {
    const top = readFileSync(README, "utf8").split("\n").slice(0, 15).join("\n");
    expect(top).toContain("npm install && npm start");
    expect(top).toContain("npm install && npm test");
  });
});

describe("doc helpers", () => {
  it("documents a choice as exactly one of its alternatives, not as two optional variables", () => {
    const table = variablesTable();
    for (const name of ["SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY"]) {
      expect(table).toContain(`| Snowflake | \`${name}\` | exactly one of SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY |`);
    }
    expect(platformSection({ platform: "snowflake", tools: [] })).toContain(
      "- Required variables: `SNOWFLAKE_ACCOUNT`, `SNOWFLAKE_USER`, one of `SNOWFLAKE_PASSWORD` or `SNOWFLAKE_PRIVATE_KEY` (",
    );
  });

  it("cuts a description at its first sentence, not at an abbreviation", () => {
    expect(firstSentence("Lists trackers (e.g. pricing) with phrases. Then more.")).toBe("Lists trackers (e.g. pricing) with phrases.");
    expect(firstSentence("No full stop at all")).toBe("No full stop at all");
  });

  it("names a missing generated block", () => {
    expect(() => replaceBlock("no markers here", "tools", "x")).toThrow(/generated block "tools"/);
  });
});
