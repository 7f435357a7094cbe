/** The Airbyte server under the fleet's shared server contract, with its API pointed at the Airbyte fake. */
import { definition } from "../../../services/platforms/airbyte/index.js";
import { AirbyteFake } from "../../fakes/airbyte.js";
import { runPlatformContract } from "../../support/platform-harness.js";
import { CLIENT_ID, CLIENT_SECRET } from "./harness.js";

runPlatformContract(definition, {
  fake: () => AirbyteFake.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
  env: { AIRBYTE_CLIENT_ID: CLIENT_ID, AIRBYTE_CLIENT_SECRET: CLIENT_SECRET, AIRBYTE_WEBHOOK_TOKEN: "contract-webhook-token" },
  ready: true,
});
