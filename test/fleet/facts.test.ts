/** The facts kit's "one of" requirement (choices) and how the catalog checks it. */
import { describe, expect, it } from "vitest";
import { CATALOG, checkRequirements, optionalVariables, requiredChoices, requiredVariables } from "../../services/fleet/catalog.js";
import { choiceLabel, definePlatformFacts, opt, req } from "../../services/fleet/facts.js";

const facts = (choices: ReadonlyArray<{ of: readonly string[]; description: string }>) =>
  definePlatformFacts({
    name: "widgets",
    title: "Widgets",
    serverName: "widgets_fixture",
    variables: [req("W_USER", "user"), opt("W_PASSWORD", "password"), opt("W_KEY", "key"), opt("W_TOKEN", "token")],
    choices,
  });

describe("choices", () => {
  it("are written once, in Snowflake's facts, over two of its optional variables", () => {
    expect(requiredChoices("snowflake")).toEqual([{ of: ["SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY"], description: expect.any(String) }]);
    expect(requiredVariables("snowflake", false)).toEqual(["SNOWFLAKE_ACCOUNT", "SNOWFLAKE_USER"]);
    expect(optionalVariables("snowflake", false)).toEqual(expect.arrayContaining(["SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY"]));
    expect(CATALOG.slack.choices).toEqual([]);
  });

  it("are labelled by their alternatives", () => {
    expect(choiceLabel({ of: ["A", "B"], description: "" })).toBe("one of A or B");
    expect(choiceLabel({ of: ["A", "B", "C"], description: "" })).toBe("one of A, B or C");
  });

  it("make a missing requirement of none set and a conflict of more than one set, naming only variables", () => {
    const spec = facts([{ of: ["W_PASSWORD", "W_KEY", "W_TOKEN"], description: "sign-in" }]);
    const check = (set: string[]) => checkRequirements(spec, false, (name) => set.includes(name));
    expect(check([])).toEqual({ missing: ["W_USER", "one of W_PASSWORD, W_KEY or W_TOKEN"], conflicts: [] });
    expect(check(["W_USER", "W_KEY"])).toEqual({ missing: [], conflicts: [] });
    expect(check(["W_USER", "W_PASSWORD", "W_TOKEN"])).toEqual({
      missing: [],
      conflicts: ["W_PASSWORD and W_TOKEN are both set: set exactly one of W_PASSWORD, W_KEY or W_TOKEN"],
    });
    expect(check(["W_USER", "W_PASSWORD", "W_KEY", "W_TOKEN"]).conflicts).toEqual([
      "W_PASSWORD, W_KEY and W_TOKEN are all set: set exactly one of W_PASSWORD, W_KEY or W_TOKEN",
    ]);
  });

  it("are rejected when they name an unknown or required variable, fewer than two, or one variable twice", () => {
    expect(() => facts([{ of: ["W_PASSWORD", "W_NOPE"], description: "" }])).toThrow("widgets facts: choice names W_NOPE, which is not one of its variables");
    expect(() => facts([{ of: ["W_PASSWORD", "W_USER"], description: "" }])).toThrow("widgets facts: choice names W_USER, which is required");
    expect(() => facts([{ of: ["W_PASSWORD"], description: "" }])).toThrow("widgets facts: a choice needs at least two variables (got W_PASSWORD)");
    expect(() =>
      facts([
        { of: ["W_PASSWORD", "W_KEY"], description: "" },
        { of: ["W_KEY", "W_TOKEN"], description: "" },
      ]),
    ).toThrow("widgets facts: W_KEY is in more than one choice");
  });
});
