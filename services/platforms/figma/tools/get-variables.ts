import { z } from "zod";
import type { RawLocalVariables, RawVariableValue } from "../types/raw.js";
import { defineFigmaTool } from "./define.js";
import { TIER2_NOTE, fileKeySchema } from "./schemas.js";

const hex = (channel: number) =>
  Math.round(Math.min(1, Math.max(0, channel)) * 255)
    .toString(16)
    .padStart(2, "0");

/** A value as a designer writes it: colors as #RRGGBB (#RRGGBBAA when translucent), aliases by the aliased variable's name. */
export function displayValue(value: RawVariableValue, variables: RawLocalVariables["variables"]): string {
  if (typeof value === "object" && "type" in value) return `{${variables[value.id]?.name ?? value.id}}`;
  if (typeof value === "object") return `#${hex(value.r)}${hex(value.g)}${hex(value.b)}${value.a < 1 ? hex(value.a) : ""}`.toUpperCase();
  return String(value);
}

export const getVariables = defineFigmaTool({
  name: "figma_get_variables",
  title: "Get a Figma file's variables (design tokens)",
  description:
    "Returns the local variables (design tokens: colors, spacing numbers, strings, booleans) of a Figma file by collection, " +
    "with each value per mode (e.g. Light, Dark) as a designer reads it: colors as hex, aliases as {Other/Variable}. `query` " +
    "keeps variables whose name or collection contains it. Figma offers this only to full members of Enterprise orgs " +
    `(others get a 403). ${TIER2_NOTE}`,
  toolset: "library",
  input: z.object({ fileKey: fileKeySchema, query: z.string().min(1).optional(), limit: z.number().int().min(1).max(1000).default(300) }),
  output: z.object({
    collections: z.array(z.object({ name: z.string(), modes: z.array(z.string()), variableCount: z.number().int() })),
    variables: z.array(
      z.object({ name: z.string(), collection: z.string(), type: z.string(), description: z.string().optional(), values: z.record(z.string(), z.string()) }),
    ),
    total: z.number().int(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const { variables, variableCollections } = await api.getLocalVariables(input.fileKey, signal);
    const needle = input.query?.toLowerCase();
    const all = Object.values(variables)
      .filter((variable) => !variable.deletedButReferenced)
      .map((variable) => {
        const collection = variableCollections[variable.variableCollectionId];
        const modeNames = new Map((collection?.modes ?? []).map((mode) => [mode.modeId, mode.name]));
        return {
          name: variable.name,
          collection: collection?.name ?? variable.variableCollectionId,
          type: variable.resolvedType,
          ...(variable.description ? { description: variable.description } : {}),
          values: Object.fromEntries(Object.entries(variable.valuesByMode).map(([modeId, value]) => [modeNames.get(modeId) ?? modeId, displayValue(value, variables)])),
        };
      })
      .filter((v) => needle === undefined || v.name.toLowerCase().includes(needle) || v.collection.toLowerCase().includes(needle))
      .sort((a, b) => a.collection.localeCompare(b.collection) || a.name.localeCompare(b.name));
    const collections = Object.values(variableCollections).map((c) => ({ name: c.name, modes: c.modes.map((m) => m.name), variableCount: c.variableIds.length }));
    return { collections, variables: all.slice(0, input.limit), total: all.length };
  },
});
