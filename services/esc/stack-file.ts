import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { stackSettingsSchema, type StackSettings } from "../fleet/plan.js";

/** the Pulumi project (Pulumi.yaml `name`) and its structured settings key */
const PROJECT_NAME = "sophia-fleet";
const SETTINGS_KEY = "fleet";

/**
 * The ESC environments a stack imports, from its `Pulumi.<stack>.yaml`. Pulumi accepts two
 * spellings of the `environment` key:
 *
 *   environment:               environment:
 *     - project/common           imports:
 *     - org/project/prod           - project/common
 *
 * and, as in any ESC import list, an entry may be a one-key mapping carrying options:
 * `- project/shared: { merge: false }`. A non-merged import contributes no values to the stack
 * (it is only there to be referenced), so it has no credentials for us and is skipped. Order is
 * kept: later imports override earlier ones.
 */

export interface StackImport {
  /** the name as written: org/project/env, project/env or env, optionally @version */
  readonly name: string;
  readonly merge: boolean;
}

export class StackFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "StackFileError";
  }
}

const importOptionsSchema = z.looseObject({ merge: z.boolean().optional() }).nullable();
const importEntrySchema = z.union([
  z.string().min(1),
  z.record(z.string(), importOptionsSchema).refine((entry) => Object.keys(entry).length === 1, "an import mapping names exactly one environment"),
]);
const importListSchema = z.array(importEntrySchema);
const stackFileSchema = z.looseObject({
  environment: z.union([importListSchema, z.looseObject({ imports: importListSchema.optional() })]).optional(),
});

export function stackFilePath(stack: string, directory: string): string {
  return path.join(directory, `Pulumi.${stack}.yaml`);
}

export function readStackImports(file: string): StackImport[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new StackFileError(file, `cannot read the stack file (${(error as NodeJS.ErrnoException).code ?? "read error"})`);
  }
  return parseStackImports(text, file);
}

export function parseStackImports(text: string, file: string): StackImport[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new StackFileError(file, `YAML syntax: ${(error as Error).message.split("\n")[0]}`);
  }
  const parsed = stackFileSchema.safeParse(document ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
    throw new StackFileError(file, `the environment key must be a list of ESC environment names or { imports: [...] }${at}`);
  }
  const environment = parsed.data.environment;
  const entries = Array.isArray(environment) ? environment : (environment?.imports ?? []);
  return entries.map((entry) => {
    if (typeof entry === "string") return { name: entry, merge: true };
    const [name, options] = Object.entries(entry)[0] as [string, z.infer<typeof importOptionsSchema>];
    return { name, merge: options?.merge ?? true };
  });
}

/** The stack's fleet settings (`sophia-fleet:fleet`), validated as the Pulumi program does. */
export function readStackSettings(file: string): StackSettings {
  let document: unknown;
  try {
    document = parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new StackFileError(file, `cannot read the stack's settings (${(error as Error).message.split("\n")[0]})`);
  }
  const config = (document as { config?: Record<string, unknown> } | null)?.config ?? {};
  const parsed = stackSettingsSchema.safeParse(config[`${PROJECT_NAME}:${SETTINGS_KEY}`] ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StackFileError(file, `config ${PROJECT_NAME}:${SETTINGS_KEY}.${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}
