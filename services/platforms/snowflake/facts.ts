/** Snowflake's facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, opt, req } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "snowflake",
  title: "Snowflake",
  serverName: "snowflake_admin",
  variables: [
    req("SNOWFLAKE_ACCOUNT", "account identifier (orgname-accountname)"),
    req("SNOWFLAKE_USER", "user the server connects as"),
    req("SNOWFLAKE_PASSWORD", "password or programmatic access token (PAT)"),
    opt("SNOWFLAKE_ROLE", "role to use (default: the user's default role); see SETUP.md for a read-only role"),
    opt("SNOWFLAKE_WAREHOUSE", "warehouse for queries", true),
    opt("SNOWFLAKE_DATABASE", "default database", true),
    opt("SNOWFLAKE_ACCESS_URL", "Snowflake URL override, e.g. a PrivateLink host (default: from the account)", true),
  ],
  syncObjects: ["query_history", "warehouse_metering"],
});
