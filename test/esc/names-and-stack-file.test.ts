import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatEnvironment, parseEnvironmentName } from "../../services/esc/environment-name.js";
import { parseStackImports, readStackImports, stackFilePath } from "../../services/esc/stack-file.js";
import { REPO_ROOT } from "../../services/fleet/load.js";

describe("parseEnvironmentName", () => {
  it("reads org/project/env as it is", () => {
    expect(parseEnvironmentName("acme/fleet/prod", "other")).toEqual({ org: "acme", project: "fleet", env: "prod" });
  });

  it("puts project/env and bare env in the default organization (bare names live in project default)", () => {
    expect(parseEnvironmentName("fleet/prod", "acme")).toEqual({ org: "acme", project: "fleet", env: "prod" });
    expect(parseEnvironmentName("prod", "acme")).toEqual({ org: "acme", project: "default", env: "prod" });
  });

  it("keeps a pinned version", () => {
    const ref = parseEnvironmentName("fleet/prod@7", "acme");
    expect(ref).toEqual({ org: "acme", project: "fleet", env: "prod", version: "7" });
    expect(formatEnvironment(ref)).toBe("acme/fleet/prod@7");
  });

  it("asks for an organization instead of guessing one", () => {
    expect(() => parseEnvironmentName("fleet/prod")).toThrow(/names no organization: write it as org\/fleet\/prod, pass --org or set PULUMI_ORG/);
  });

  it("rejects malformed names", () => {
    expect(() => parseEnvironmentName("a/b/c/d")).toThrow(/bad ESC environment name/);
    expect(() => parseEnvironmentName("acme//prod")).toThrow(/bad ESC environment name/);
    expect(() => parseEnvironmentName("acme/fleet/pr od")).toThrow(/bad ESC environment name/);
    expect(() => parseEnvironmentName("acme/fleet/prod@")).toThrow(/bad ESC environment name/);
  });
});

describe("parseStackImports", () => {
  it("reads the list form in order", () => {
    const text = "config:\n  fleet:namespace: mcp\nenvironment:\n  - fleet/common\n  - acme/fleet/prod\n";
    expect(parseStackImports(text, "Pulumi.prod.yaml")).toEqual([
      { name: "fleet/common", merge: true },
      { name: "acme/fleet/prod", merge: true },
    ]);
  });

  it("reads the imports form and import options", () => {
    const text = "environment:\n  imports:\n    - fleet/common\n    - fleet/shared:\n        merge: false\n    - fleet/prod@stable: {}\n";
    expect(parseStackImports(text, "Pulumi.prod.yaml")).toEqual([
      { name: "fleet/common", merge: true },
      { name: "fleet/shared", merge: false },
      { name: "fleet/prod@stable", merge: true },
    ]);
  });

  it("returns nothing for a stack without environment", () => {
    expect(parseStackImports("config: {}\n", "Pulumi.dev.yaml")).toEqual([]);
    expect(parseStackImports("", "Pulumi.dev.yaml")).toEqual([]);
  });

  it("names the file when the environment key has another shape", () => {
    expect(() => parseStackImports("environment: fleet/prod\n", "Pulumi.prod.yaml")).toThrow(
      /^Pulumi\.prod\.yaml: the environment key must be a list/,
    );
    expect(() => parseStackImports("environment: [ { a: {}, b: {} } ]\n", "Pulumi.prod.yaml")).toThrow(/Pulumi\.prod\.yaml/);
    expect(() => parseStackImports("environment: [\n", "Pulumi.prod.yaml")).toThrow(/Pulumi\.prod\.yaml: YAML syntax/);
  });
});

describe("the shipped stack file", () => {
  const file = stackFilePath("prod", REPO_ROOT);
  it.runIf(existsSync(file))("imports at least one ESC environment preflight can name", () => {
    const imports = readStackImports(file).filter((entry) => entry.merge);
    expect(imports.length).toBeGreaterThan(0);
    for (const entry of imports) expect(() => parseEnvironmentName(entry.name, "some-org")).not.toThrow();
  });
});
