import { z } from "zod";
import { fileSystemOutput, toFileSystem } from "../types/normalized.js";
import { defineLambdaLabsTool } from "./define.js";

export const listFileSystems = defineLambdaLabsTool({
  name: "lambda_labs_list_file_systems",
  title: "List Lambda persistent file systems",
  description:
    "Lists the account's persistent file systems: name, region, mount point, creator, size used and whether a " +
    "running instance has it mounted. These survive termination (an instance's own disk does not) and can only " +
    "be mounted by instances in the same region. Read-only.",
  toolset: "storage",
  input: z.object({ region: z.string().min(1).optional() }),
  output: z.object({ fileSystems: z.array(fileSystemOutput) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const fileSystems = (await api.listFileSystems(signal)).map(toFileSystem).filter((fs) => input.region === undefined || fs.region === input.region);
    return { fileSystems };
  },
});
