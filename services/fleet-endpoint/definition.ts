/**
 * The fleet endpoint as a server on the runtime: its own facts, no platform API of its own (its
 * "API" is the federation of the fleet's servers), and a tool provider instead of static tools.
 * The runtime gives it everything a server has (health, readiness, metrics, agent auth, Host and
 * Origin checks, stateless MCP). services/platforms/fleet_endpoint/index.ts exports it as the definition.
 */
import { facts } from "../platforms/fleet_endpoint/facts.js";
import type { PlatformDefinition } from "../runtime/contract.js";
import { FleetFederation } from "./federation.js";
import { parseFleetServers } from "./members.js";
import { searchModeTools } from "./search/index.js";

export interface FleetEndpointApi {
  readonly federation: FleetFederation;
  /** fleet_find_tools and fleet_call_tool instead of every server's tools (settings.tool_search) */
  readonly toolSearch: boolean;
  /** why FLEET_SERVERS could not be used, when it could not */
  readonly problem?: string;
}

export const definition: PlatformDefinition<FleetEndpointApi> = {
  facts,
  // no upstream platform of its own: the servers are reached through their MCP clients
  baseUrl: "http://127.0.0.1",
  auth: () => ({ headers: async () => ({}) }),
  createApi(ctx) {
    const members = parseFleetServers(ctx.fleetServers);
    // the fleet's own credential; in token mode the agents' shared token is what the servers accept
    const token = ctx.credentials.FLEET_MCP_TOKEN ?? ctx.credentials.MCP_AUTH_TOKEN;
    const federation = new FleetFederation({
      members: "members" in members ? members.members : {},
      ...(token ? { token } : {}),
      settings: ctx.settings,
      log: ctx.log.child({ component: "federation" }),
    });
    return { federation, toolSearch: ctx.settings.tool_search === true, ...("problem" in members ? { problem: members.problem } : {}) };
  },
  tools: [],
  // tool_search: the two search tools over the federation (built once: they hold the search index)
  toolProvider: ({ federation, toolSearch }) =>
    toolSearch
      ? { tools: searchModeTools(federation) }
      : {
          list: (signal) => federation.listMcpTools(signal),
          call: (name, args, signal) => federation.callTool(name, args, signal),
          // tools/call as an HTTP pass-through to the owning server (runtime/mcp/pass-through.ts)
          route: (name) => federation.route(name),
        },
  async readiness(api) {
    return api.problem ? [api.problem] : [];
  },
  async dispose(api) {
    api.federation.close();
  },
};
