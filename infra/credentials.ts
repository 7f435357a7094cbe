/**
 * Credentials from stack config: one structured secret key, `credentials`, shaped
 * `{ <platform>: { <VAR_NAME>: <value> }, fleet: { MCP_AUTH_TOKEN, MEMORY_INGEST_TOKEN } }`.
 * The stack's ESC environment supplies it as `pulumiConfig.credentials`.
 *
 * Values are parsed here once and wrapped with `pulumi.secret` immediately; everything else in
 * the program sees names (for preflight) or secret Outputs (for Secret resources), never a
 * plain value. Every error raised here names config paths, never values.
 */
import { inspect } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { FLEET_VARIABLES } from "../services/fleet/catalog.js";

export const CREDENTIALS_CONFIG_KEY = "credentials";
/** group under `credentials` holding the variables every server receives */
export const FLEET_CREDENTIALS_GROUP = "fleet";
export const FLEET_VARIABLE_NAMES: readonly string[] = FLEET_VARIABLES.map((v) => v.name);

const VARIABLE_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Scalars are accepted because ESC and YAML happily turn ids such as 12345 into numbers. */
const credentialValue = z.union([z.string(), z.number(), z.boolean()]);
const credentialsShape = z.record(z.string(), z.record(z.string(), credentialValue));

/** A credentials problem: the config path and what is wrong with its shape, never the value. */
export class CredentialsConfigError extends pulumi.RunError {
  constructor(readonly problems: readonly string[]) {
    super(`stack config "${CREDENTIALS_CONFIG_KEY}" is malformed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "CredentialsConfigError";
  }
}

export class StackCredentials {
  private constructor(private readonly groups: ReadonlyMap<string, ReadonlyMap<string, pulumi.Output<string>>>) {}

  static empty(): StackCredentials {
    return new StackCredentials(new Map());
  }

  /**
   * Parses the raw config string (JSON, as Pulumi hands structured config to the program).
   * The string is the stack's secret; a malformed one is reported by path and type only.
   */
  static parse(raw: string | undefined): StackCredentials {
    if (raw === undefined) return StackCredentials.empty();
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      // JSON.parse messages quote the offending text, which here is secret
      throw new CredentialsConfigError(["not valid JSON (the value is not shown: it holds secrets)"]);
    }
    return StackCredentials.fromObject(json);
  }

  static fromObject(value: unknown): StackCredentials {
    const parsed = credentialsShape.safeParse(value);
    if (!parsed.success) {
      throw new CredentialsConfigError(parsed.error.issues.map((issue) => describeIssue(issue)));
    }
    const problems: string[] = [];
    const groups = new Map<string, Map<string, pulumi.Output<string>>>();
    for (const group of Object.keys(parsed.data).sort()) {
      const variables = new Map<string, pulumi.Output<string>>();
      const entries = parsed.data[group] ?? {};
      for (const name of Object.keys(entries).sort()) {
        if (!VARIABLE_NAME.test(name)) {
          problems.push(`${CREDENTIALS_CONFIG_KEY}.${group}.${name}: variable names are UPPER_SNAKE_CASE`);
          continue;
        }
        const text = String(entries[name]);
        // an empty value is treated as absent, so preflight reports it instead of deploying it
        if (text.trim() !== "") variables.set(name, pulumi.secret(text));
      }
      groups.set(group, variables);
    }
    if (problems.length > 0) throw new CredentialsConfigError(problems);
    return new StackCredentials(groups);
  }

  /** Whether `credentials.<group>.<name>` holds a non-empty value. */
  has(group: string, name: string): boolean {
    return this.groups.get(group)?.has(name) ?? false;
  }

  /** Names present under a group, sorted. */
  names(group: string): string[] {
    return [...(this.groups.get(group)?.keys() ?? [])];
  }

  groupNames(): string[] {
    return [...this.groups.keys()];
  }

  /** Logging the credentials shows which variables are set, never their values. */
  [inspect.custom](): string {
    return `StackCredentials { ${this.groupNames().map((g) => `${g}: [${this.names(g).join(", ")}]`).join("; ")} }`;
  }

  toJSON(): Record<string, string[]> {
    return Object.fromEntries(this.groupNames().map((g) => [g, this.names(g)]));
  }

  /** The secret value of `credentials.<group>.<name>`; undefined when absent. */
  secret(group: string, name: string): pulumi.Output<string> | undefined {
    return this.groups.get(group)?.get(name);
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = [CREDENTIALS_CONFIG_KEY, ...issue.path.map(String)].join(".");
  switch (issue.code) {
    case "invalid_type":
      return `${where}: expected ${issue.path.length === 0 ? "an object of platforms" : issue.path.length === 1 ? "an object of variables" : "a string"}`;
    case "invalid_union":
      return `${where}: expected a string`;
    default:
      return `${where}: ${issue.code}`;
  }
}
