import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { INSTANCES_URL, usd } from "../types/normalized.js";
import { defineLambdaLabsTool } from "./define.js";

function refused(reason: string): UpstreamError {
  return new UpstreamError("lambda_labs", 400, false, `Launch refused, nothing was started: ${reason}`);
}

export const launchInstance = defineLambdaLabsTool({
  name: "lambda_labs_launch_instance",
  title: "Launch a Lambda GPU instance (spends money)",
  description:
    "SPENDS MONEY: launches one on-demand Lambda Cloud instance, billed by the minute at the type's hourly price " +
    "(up to tens of USD an hour) until someone terminates it. You must pass maxPriceUsdPerHour: the launch is " +
    "refused when the type's current price is above it, when the type has no capacity in the region, or when no " +
    "SSH key is named (sshKeyName, or the server's LAMBDA_LABS_SSH_KEY). Check lambda_labs_list_instance_types " +
    "first. Lambda allows one launch per 12 seconds; calls are queued to respect that. Not repeatable: each call " +
    "starts another machine.",
  toolset: "instances",
  input: z.object({
    instanceTypeName: z.string().min(1).describe("e.g. gpu_1x_a10, from lambda_labs_list_instance_types"),
    regionName: z.string().min(1).describe("a region with capacity for the type, e.g. us-east-1"),
    maxPriceUsdPerHour: z.number().positive().describe("price ceiling: refuse if the type costs more per hour"),
    sshKeyName: z.string().min(1).optional().describe("default: the server's LAMBDA_LABS_SSH_KEY"),
    name: z.string().max(64).optional(),
    hostname: z.string().regex(/^[a-z0-9][0-9a-z-]{0,62}$/).optional(),
    fileSystemNames: z.array(z.string().min(1)).max(8).optional().describe("persistent file systems in the same region to mount"),
    imageFamily: z.string().min(1).optional().describe("machine image family; default: the latest Lambda Stack"),
  }),
  output: z.object({
    instanceIds: z.array(z.string()),
    instanceType: z.string(),
    region: z.string(),
    priceUsdPerHour: z.number(),
    url: z.string(),
    note: z.string(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    const types = await api.instanceTypes(signal);
    const offer = types[input.instanceTypeName];
    if (offer === undefined) throw refused(`there is no instance type "${input.instanceTypeName}" (see lambda_labs_list_instance_types)`);
    const price = usd(offer.instance_type.price_cents_per_hour);
    if (price > input.maxPriceUsdPerHour) {
      throw refused(`${input.instanceTypeName} costs $${price.toFixed(2)}/h, above the ceiling of $${input.maxPriceUsdPerHour.toFixed(2)}/h`);
    }
    const regions = offer.regions_with_capacity_available.map((region) => region.name);
    if (!regions.includes(input.regionName)) {
      throw refused(
        `${input.instanceTypeName} has no capacity in ${input.regionName}` + (regions.length > 0 ? ` (capacity now in: ${regions.join(", ")})` : " (no region has capacity now)"),
      );
    }
    const sshKeyName = input.sshKeyName ?? api.defaultSshKeyName;
    if (sshKeyName === undefined) throw refused("no SSH key named: pass sshKeyName (see lambda_labs_list_ssh_keys) or set LAMBDA_LABS_SSH_KEY");
    const instanceIds = await api.launch(
      {
        region_name: input.regionName,
        instance_type_name: input.instanceTypeName,
        ssh_key_names: [sshKeyName],
        ...(input.name !== undefined && { name: input.name }),
        ...(input.hostname !== undefined && { hostname: input.hostname }),
        ...(input.fileSystemNames !== undefined && { file_system_names: input.fileSystemNames }),
        ...(input.imageFamily !== undefined && { image: { family: input.imageFamily } }),
      },
      signal,
    );
    return {
      instanceIds,
      instanceType: input.instanceTypeName,
      region: input.regionName,
      priceUsdPerHour: price,
      url: INSTANCES_URL,
      note: `Billing runs at $${price.toFixed(2)}/h per instance until it is terminated (lambda_labs_terminate_instances). It boots in a few minutes.`,
    };
  },
});
