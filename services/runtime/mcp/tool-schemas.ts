/**
 * A tool's zod schema as the Standard Schema the MCP SDK consumes, with two additions: the JSON
 * Schema is computed once per server instead of on every tools/list (stateless serving builds a
 * fresh McpServer per request), and validation failures are reported so they reach the metrics
 * (the SDK answers them itself, before our handler runs).
 */
import type { StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import type { AnyZodObject } from "../contract.js";

type JsonSchemaOptions = Parameters<StandardSchemaWithJSON["~standard"]["jsonSchema"]["input"]>[0];
type ValidationResult = Awaited<ReturnType<StandardSchemaWithJSON["~standard"]["validate"]>>;

export type ToolSchema = StandardSchemaWithJSON<Record<string, unknown>, Record<string, unknown>>;

/**
 * `trusted`: the SDK's own check is skipped. Used for output schemas, which callTool has already
 * validated (and answered, with our error path, when the output did not match).
 */
export function toolSchema(schema: AnyZodObject, options: { readonly onInvalid?: () => void; readonly trusted?: boolean } = {}): ToolSchema {
  const { onInvalid } = options;
  const standard = (schema as unknown as StandardSchemaWithJSON<Record<string, unknown>>)["~standard"];
  const cache = new Map<string, Record<string, unknown>>();
  const converter = (io: "input" | "output") => (options: JsonSchemaOptions) => {
    const key = `${io}:${options.target}`;
    let json = cache.get(key);
    if (json === undefined) {
      json = standard.jsonSchema[io](options);
      cache.set(key, json);
    }
    return json;
  };
  const report = (result: ValidationResult): ValidationResult => {
    if (result.issues !== undefined && onInvalid) onInvalid();
    return result;
  };
  return {
    "~standard": {
      version: 1,
      vendor: standard.vendor,
      validate: (value, validateOptions) => {
        if (options.trusted) return { value: value as Record<string, unknown> };
        const result = standard.validate(value, validateOptions);
        return result instanceof Promise ? result.then(report) : report(result);
      },
      jsonSchema: { input: converter("input"), output: converter("output") },
    },
  } as ToolSchema;
}
