import { z } from "zod";
import { connectionOutSchema, toConnection } from "../types/normalized.js";
import { defineAirbyteTool, idInput } from "./define.js";

export const setConnectionStatus = defineAirbyteTool({
  name: "airbyte_set_connection_status",
  title: "Enable or disable an Airbyte connection",
  description:
    "Enable (`active`) or disable (`inactive`) an Airbyte connection. Disabling stops its scheduled syncs, so the " +
    "destination stops receiving new data until someone enables it again; running jobs are not cancelled (see " +
    "airbyte_cancel_job). Enabling resumes the schedule, which starts syncs that use credits on Airbyte Cloud. " +
    "Setting the status it already has changes nothing. Returns the connection as Airbyte saved it.",
  toolset: "connections",
  input: z.object({ connectionId: idInput("connection"), status: z.enum(["active", "inactive"]) }),
  output: z.object({ connection: connectionOutSchema }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { connection: toConnection(await api.setConnectionStatus(input.connectionId, input.status, signal)) };
  },
});
