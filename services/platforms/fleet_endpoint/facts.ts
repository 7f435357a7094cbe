/** The fleet endpoint's facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "fleet_endpoint",
  title: "Fleet endpoint",
  serverName: "fleet_endpoint",
  kind: "fleet",
  // it presents FLEET_MCP_TOKEN (a fleet-wide variable every server receives) to the servers
  // (the servers it federates arrive as FLEET_SERVERS, plain configuration the plan and npm start set)
  variables: [],
});
