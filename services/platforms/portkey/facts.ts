/** Portkey's facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, opt, req } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "portkey",
  title: "Portkey",
  serverName: "portkey_gateway",
  variables: [
    req("PORTKEY_API_KEY", "API key (x-portkey-api-key)"),
    opt("PORTKEY_CONFIG", "default config id for completions"),
    opt("PORTKEY_WORKSPACE_ID", "workspace slug for analytics (Portkey requires workspace_slug) and admin calls"),
  ],
  syncObjects: ["analytics"],
});
