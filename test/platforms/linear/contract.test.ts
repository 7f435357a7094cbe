/** The Linear server under the fleet's shared server contract, with its API pointed at the Linear fake. */
import { definition } from "../../../services/platforms/linear/index.js";
import { LinearFake } from "../../fakes/linear.js";
import { runPlatformContract } from "../../support/platform-harness.js";
import { API_KEY } from "./harness.js";

runPlatformContract(definition, {
  fake: () => LinearFake.start(API_KEY),
  env: { LINEAR_API_KEY: API_KEY, LINEAR_WEBHOOK_SECRET: "contract-webhook-secret" },
  ready: true,
});
