import { z } from "zod";
import { connectorOutSchema, toDestination } from "../types/normalized.js";
import { defineAirbyteTool, idInput } from "./define.js";

export const getDestination = defineAirbyteTool({
  name: "airbyte_get_destination",
  title: "Get an Airbyte destination",
  description:
    "Fetch one Airbyte destination by id: name, connector type, workspace, creation time and the names of its configured " +
    "settings (never their values, which can be credentials).",
  toolset: "connectors",
  input: z.object({ destinationId: idInput("destination") }),
  output: z.object({ destination: connectorOutSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { destination: toDestination(await api.getDestination(input.destinationId, signal)) };
  },
});
