/** FLEET_SERVERS: which servers the fleet endpoint federates, `{"<platform>": "<MCP URL>"}` (set by the plan and npm start). */
import { z } from "zod";

const membersSchema = z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, "must be a platform name"), z.url({ protocol: /^https?$/ }));

export function parseFleetServers(json: string | undefined): { readonly members: Record<string, string> } | { readonly problem: string } {
  if (json === undefined || json.trim() === "") return { problem: "FLEET_SERVERS is not set: the fleet endpoint has no servers to federate" };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { problem: "FLEET_SERVERS is not valid JSON (expected {\"<platform>\": \"<MCP URL>\", ...})" };
  }
  const parsed = membersSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { problem: `FLEET_SERVERS is invalid at ${issue.path.join(".") || "(top level)"}: ${issue.message}` };
  }
  return { members: parsed.data };
}
