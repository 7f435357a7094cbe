import { readFile } from "node:fs/promises";
import { parseEnv } from "node:util";
import { CATALOG, evaluateChoices, type PlatformName } from "../fleet/catalog.js";
import type { Integration } from "../fleet/load.js";
import { openEscCredentials, type EscConnection } from "./client.js";
import type { CredentialTree } from "./credentials.js";
import { parseEnvironmentName } from "./environment-name.js";
import { expectedVariables } from "./integration-variables.js";
import { redactedRecord } from "./secret-value.js";

/**
 * Credentials for the local fleet (`npm start`), resolved the way the stack delivers them in the
 * cluster: each server gets only its own integration's variables plus the fleet-wide ones.
 * Precedence, first hit wins: the process environment, then `.env`, then the ESC environment.
 * An empty (or blank) value counts as absent, so `SLACK_BOT_TOKEN=` in `.env` does not mask ESC.
 */

export type CredentialSource = "env" | ".env" | "esc";

export interface EscSourceOptions {
  /** org/project/env, or project/env with `org` (or PULUMI_ORG in `env`) */
  readonly environment: string;
  readonly token: string;
  /** Pulumi API URL; default https://api.pulumi.com */
  readonly baseUrl?: string;
  readonly org?: string;
}

export interface LocalCredentialOptions {
  readonly integrations: readonly Integration[];
  readonly env: NodeJS.ProcessEnv;
  /** a missing file is fine (no `.env` values); an unreadable one is an error */
  readonly dotenvPath?: string;
  readonly esc?: EscSourceOptions;
}

export interface ResolvedCredentials {
  /**
   * variable -> value, ready for a child process (`{ ...values }`); JSON and `util.inspect`
   * print names only
   */
  readonly values: Record<string, string>;
  readonly sources: Record<string, CredentialSource>;
  /** required variables, then "one of A or B" for each choice none of whose alternatives is set */
  readonly missingRequired: string[];
  /** absent optional variables, not counting a choice's alternatives (the choice speaks for them) */
  readonly missingOptional: string[];
  /** one message per choice with more than one alternative set (names only) */
  readonly conflicts: string[];
}

export class LocalCredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LocalCredentialsError";
  }
}

export async function resolveLocalCredentials(options: LocalCredentialOptions): Promise<Map<PlatformName, ResolvedCredentials>> {
  const dotenv = options.dotenvPath ? await readDotenv(options.dotenvPath) : {};
  const esc = options.esc ? await openEscSource(options.esc, options.env) : new Map();
  const result = new Map<PlatformName, ResolvedCredentials>();
  for (const integration of options.integrations) {
    const values: Record<string, string> = {};
    const sources: Record<string, CredentialSource> = {};
    const missingRequired: string[] = [];
    const missingOptional: string[] = [];
    const choices = CATALOG[integration.platform].choices;
    const alternatives = new Set(choices.flatMap((choice) => choice.of));
    for (const variable of expectedVariables(integration)) {
      const hit = firstPresent([
        ["env", options.env[variable.name]],
        [".env", dotenv[variable.name]],
        ["esc", esc.get(variable.group)?.get(variable.name)?.reveal()],
      ]);
      if (hit) {
        values[variable.name] = hit.value;
        sources[variable.name] = hit.source;
      } else if (variable.required) {
        missingRequired.push(variable.name);
      } else if (!(variable.group === integration.platform && alternatives.has(variable.name))) {
        missingOptional.push(variable.name);
      }
    }
    const outcome = evaluateChoices(choices, (name) => values[name] !== undefined);
    missingRequired.push(...outcome.missing);
    result.set(integration.platform, {
      values: redactedRecord(values),
      sources,
      missingRequired,
      missingOptional,
      conflicts: [...outcome.conflicts],
    });
  }
  return result;
}

/**
 * The `esc` option from the usual variables: ESC_ENVIRONMENT, PULUMI_ACCESS_TOKEN,
 * PULUMI_BACKEND_URL, PULUMI_ORG. Undefined when no environment is named; an error when one is
 * named without a token (silently skipping ESC would start servers without their credentials).
 */
export function escSourceFromEnv(env: NodeJS.ProcessEnv, environmentFlag?: string): EscSourceOptions | undefined {
  const environment = environmentFlag?.trim() || env.ESC_ENVIRONMENT?.trim();
  if (!environment) return undefined;
  const token = env.PULUMI_ACCESS_TOKEN?.trim();
  if (!token) {
    throw new LocalCredentialsError(`ESC environment "${environment}" is named but PULUMI_ACCESS_TOKEN is not set`);
  }
  return {
    environment,
    token,
    baseUrl: env.PULUMI_BACKEND_URL?.trim() || undefined,
    org: env.PULUMI_ORG?.trim() || undefined,
  };
}

function firstPresent(candidates: ReadonlyArray<readonly [CredentialSource, string | undefined]>): { source: CredentialSource; value: string } | undefined {
  for (const [source, value] of candidates) {
    if (value !== undefined && value.trim() !== "") return { source, value };
  }
  return undefined;
}

async function readDotenv(path: string): Promise<NodeJS.Dict<string>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new LocalCredentialsError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? "read error"}`);
  }
  return parseEnv(text);
}

async function openEscSource(esc: EscSourceOptions, env: NodeJS.ProcessEnv): Promise<CredentialTree> {
  const ref = parseEnvironmentName(esc.environment, esc.org ?? env.PULUMI_ORG);
  const connection: EscConnection = { token: esc.token, baseUrl: esc.baseUrl };
  const opened = await openEscCredentials(ref, connection);
  return opened.groups;
}
