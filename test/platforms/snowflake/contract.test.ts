/**
 * The Snowflake server under the fleet's shared server contract. The contract never calls the
 * platform, and the driver connects lazily (on the first tool call), so no fake is needed: the
 * access URL points at a closed loopback port, which any connection attempt would fail against.
 */
import { definition } from "../../../services/platforms/snowflake/index.js";
import { ACCOUNT, TOKEN, USER } from "../../fakes/snowflake.js";
import { runPlatformContract } from "../../support/platform-harness.js";

runPlatformContract(definition, {
  env: { SNOWFLAKE_ACCOUNT: ACCOUNT, SNOWFLAKE_USER: USER, SNOWFLAKE_PASSWORD: TOKEN, SNOWFLAKE_ACCESS_URL: "http://127.0.0.1:9" },
  ready: true,
});
