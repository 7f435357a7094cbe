/** Snowflake's facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, opt, req } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "snowflake",
  title: "Snowflake",
  serverName: "snowflake_admin",
  variables: [
    req("SNOWFLAKE_ACCOUNT", "account identifier (orgname-accountname)"),
    req("SNOWFLAKE_USER", "user the server connects as"),
    opt("SNOWFLAKE_PASSWORD", "password or programmatic access token (PAT); set this or SNOWFLAKE_PRIVATE_KEY, not both"),
    opt("SNOWFLAKE_PRIVATE_KEY", "RSA private key (PEM, PKCS#8) for key-pair (JWT) sign-in; set this or SNOWFLAKE_PASSWORD, not both", true),
    opt("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", "passphrase of SNOWFLAKE_PRIVATE_KEY when it is encrypted", true),
    opt("SNOWFLAKE_ROLE", "role to use (default: the user's default role); see SETUP.md for a read-only role"),
    opt("SNOWFLAKE_WAREHOUSE", "warehouse for queries", true),
    opt("SNOWFLAKE_DATABASE", "default database", true),
    opt("SNOWFLAKE_ACCESS_URL", "Snowflake URL override, e.g. a PrivateLink host (default: from the account)", true),
  ],
  // the server refuses to start its client with neither or both (api/session.ts signInFrom, the last line)
  choices: [{ of: ["SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY"], description: "the sign-in: password/PAT or key pair" }],
  syncObjects: ["query_history", "warehouse_metering"],
});
