/** Lambda Labs' facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, opt, req } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "lambda_labs",
  title: "Lambda Labs",
  serverName: "lambda_labs_compute",
  variables: [req("LAMBDA_LABS_API_KEY", "cloud API key"), opt("LAMBDA_LABS_SSH_KEY", "name of the SSH key new instances get")],
  syncObjects: ["instances", "audit_events"],
});
