/** The OpenRouter server under the fleet's shared server contract, with its API pointed at the OpenRouter fake. */
import { definition } from "../../../services/platforms/openrouter/index.js";
import { OpenrouterFake } from "../../fakes/openrouter.js";
import { runPlatformContract } from "../../support/platform-harness.js";
import { API_KEY } from "./harness.js";

runPlatformContract(definition, {
  fake: () => OpenrouterFake.start({ apiKey: API_KEY }),
  env: { OPENROUTER_API_KEY: API_KEY, OPENROUTER_WEBHOOK_TOKEN: "contract-broadcast-token" },
  ready: true,
});
