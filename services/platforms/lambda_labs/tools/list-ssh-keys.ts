import { z } from "zod";
import { sshKeyOutput, toSshKey } from "../types/normalized.js";
import { defineLambdaLabsTool } from "./define.js";

export const listSshKeys = defineLambdaLabsTool({
  name: "lambda_labs_list_ssh_keys",
  title: "List Lambda SSH keys",
  description:
    "Lists the SSH keys stored in the Lambda Cloud account (id, name and public key). A launch needs exactly one " +
    "of these names (lambda_labs_launch_instance's sshKeyName). Read-only; only public keys exist here.",
  toolset: "access",
  input: z.object({}),
  output: z.object({ sshKeys: z.array(sshKeyOutput) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(_input, { api, signal }) {
    return { sshKeys: (await api.listSshKeys(signal)).map(toSshKey) };
  },
});
