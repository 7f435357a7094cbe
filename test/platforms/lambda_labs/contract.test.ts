/** The Lambda Labs server under the fleet's shared server contract, with its API pointed at the Lambda fake. */
import { definition } from "../../../services/platforms/lambda_labs/index.js";
import { LambdaLabsFake } from "../../fakes/lambda-labs.js";
import { runPlatformContract } from "../../support/platform-harness.js";
import { API_KEY } from "./harness.js";

runPlatformContract(definition, {
  fake: () => LambdaLabsFake.start({ apiKey: API_KEY }),
  env: { LAMBDA_LABS_API_KEY: API_KEY },
  ready: true,
});
