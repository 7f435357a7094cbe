import { z } from "zod";
import { instanceTypeOutput, toInstanceTypes } from "../types/normalized.js";
import { defineLambdaLabsTool } from "./define.js";

export const listInstanceTypes = defineLambdaLabsTool({
  name: "lambda_labs_list_instance_types",
  title: "List Lambda GPU instance types with prices and capacity",
  description:
    "Lists Lambda Cloud's instance types, cheapest first: GPU model and count, vCPUs, memory, disk, the on-demand " +
    "price in USD per hour, and the regions that have capacity to launch one right now. Filter by GPU text " +
    "(e.g. \"H100\"), a price ceiling, a region, or only types that can be launched now. Read-only; costs nothing.",
  toolset: "catalog",
  input: z.object({
    gpu: z.string().min(1).optional().describe("case-insensitive text the type name or GPU description must contain, e.g. a100"),
    maxPriceUsdPerHour: z.number().positive().optional(),
    region: z.string().min(1).optional().describe("only types with capacity in this region, e.g. us-east-1"),
    availableOnly: z.boolean().default(false).describe("only types with capacity in at least one region"),
  }),
  output: z.object({ instanceTypes: z.array(instanceTypeOutput) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const gpu = input.gpu?.toLowerCase();
    const instanceTypes = toInstanceTypes(await api.instanceTypes(signal)).filter(
      (type) =>
        (gpu === undefined || type.name.toLowerCase().includes(gpu) || type.gpuDescription.toLowerCase().includes(gpu)) &&
        (input.maxPriceUsdPerHour === undefined || type.priceUsdPerHour <= input.maxPriceUsdPerHour) &&
        (input.region === undefined || type.regionsWithCapacity.includes(input.region)) &&
        (!input.availableOnly || type.regionsWithCapacity.length > 0),
    );
    return { instanceTypes };
  },
});
