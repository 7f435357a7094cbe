import { z } from "zod";
import { MAX_STREAM_FIELDS, streamOutSchema, toStreams } from "../types/normalized.js";
import { defineAirbyteTool, idInput } from "./define.js";

export const listStreams = defineAirbyteTool({
  name: "airbyte_list_streams",
  title: "List the streams of an Airbyte source",
  description:
    "List the streams (tables, API objects) an Airbyte source offers, optionally as a given destination would receive " +
    "them: name, namespace, supported sync modes, default cursor, primary key and field names (at most " +
    `${MAX_STREAM_FIELDS} per stream; fieldCount says how many there are). Answers from Airbyte's cached schema; ` +
    "`refresh: true` makes Airbyte connect to the source and discover it again, which can take minutes.",
  toolset: "connectors",
  input: z.object({
    sourceId: idInput("source"),
    destinationId: idInput("destination").optional(),
    refresh: z.boolean().default(false),
  }),
  output: z.object({ streams: z.array(streamOutSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const streams = await api.listStreams(
      { sourceId: input.sourceId, ...(input.destinationId ? { destinationId: input.destinationId } : {}), ...(input.refresh ? { refresh: true } : {}) },
      signal,
    );
    return { streams: toStreams(streams) };
  },
});
