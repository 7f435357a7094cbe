import { z } from "zod";
import { toWarehouse, warehouseSchema } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";

export const listWarehouses = defineSnowflakeTool({
  name: "snowflake_list_warehouses",
  title: "List Snowflake warehouses and their load now",
  description:
    "List the account's warehouses (SHOW WAREHOUSES) with state (STARTED, SUSPENDED, RESIZING), size and the " +
    "credits per hour that size bills, queries running and queued right now, cluster counts, auto-suspend " +
    "and auto-resume, and resource monitor. Runs in the cloud services layer; no warehouse credits.",
  toolset: "warehouses",
  input: z.object({ state: z.enum(["STARTED", "SUSPENDED"]).optional() }),
  output: z.object({ warehouses: z.array(warehouseSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ state }, { api, signal }) {
    const warehouses = (await api.listWarehouses(signal)).map(toWarehouse);
    return { warehouses: state === undefined ? warehouses : warehouses.filter((w) => w.state === state) };
  },
});
