/** The Apollo server under the fleet's shared server contract, with its API pointed at the Apollo fake. */
import { definition } from "../../../services/platforms/apollo/index.js";
import { ApolloFake } from "../../fakes/apollo.js";
import { runPlatformContract } from "../../support/platform-harness.js";
import { API_KEY, WEBHOOK_SECRET } from "./harness.js";

runPlatformContract(definition, {
  fake: () => ApolloFake.start({ apiKey: API_KEY }),
  env: { APOLLO_API_KEY: API_KEY, APOLLO_WEBHOOK_TOKEN: WEBHOOK_SECRET },
  ready: true,
});
