/**
 * Checks a forwarded call's arguments against the target tool's input JSON Schema before the call
 * leaves the endpoint, with the MCP SDK's own validator (Ajv, every JSON Schema dialect a server may
 * declare, formats on), so a model learns which argument is wrong without a round trip and the
 * target never sees a call it would reject. Messages name arguments, never echo their values.
 */
import type { JsonSchemaType, JsonSchemaValidator } from "@modelcontextprotocol/server";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/server/validators/ajv";
import { LRUCache } from "lru-cache";

const MAX_PROBLEMS_SHOWN = 4;

export type ArgumentCheck = { readonly ok: true } | { readonly ok: false; readonly problems: readonly string[] };

export class ArgumentChecker {
  private readonly ajv = new AjvJsonSchemaValidator();
  /** compiled validators by schema text: compiling costs milliseconds, validating microseconds */
  private readonly compiled = new LRUCache<string, JsonSchemaValidator<unknown>>({ max: 1_000 });

  check(schema: object, args: Record<string, unknown>): ArgumentCheck {
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      validate = this.ajv.getValidator<unknown>(schema as JsonSchemaType);
      this.compiled.set(key, validate);
    }
    const result = validate(args);
    if (result.valid) return { ok: true };
    return { ok: false, problems: problemsOf(result.errorMessage, schema, args) };
  }
}

/** "problem; problem; and N more" */
export function describeProblems(problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : "";
  return `${shown.join("; ")}${more}`;
}

/**
 * Ajv's error text ("data/channel must be string, data must have required property 'text'") as one
 * problem per error, each naming its argument by path: "channel: must be string", "text: is required".
 */
function problemsOf(errorText: string, schema: object, args: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const error of errorText.split(/, (?=data[/ ])/)) {
    const parsed = /^data(\/\S*)? (.*)$/s.exec(error);
    if (parsed === null) {
      problems.push(error);
      continue;
    }
    const path = (parsed[1] ?? "").split("/").slice(1).map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
    const message = parsed[2] as string;
    const required = /^must have required property '(.+)'$/.exec(message);
    if (required !== null) {
      problems.push(`${[...path, required[1]].join(".")}: is required`);
    } else if (message === "must NOT have additional properties" && path.length === 0) {
      const unknown = unknownArguments(schema, args);
      problems.push(unknown.length === 0 ? "arguments: unexpected argument" : `${unknown.join(", ")}: not an argument of this tool`);
    } else {
      problems.push(`${path.length === 0 ? "arguments" : path.join(".")}: ${message}`);
    }
  }
  return problems;
}

function unknownArguments(schema: object, args: Record<string, unknown>): string[] {
  const properties = (schema as { properties?: unknown }).properties;
  if (typeof properties !== "object" || properties === null) return [];
  return Object.keys(args).filter((name) => !Object.hasOwn(properties, name));
}
