/** The Asana server under the fleet's shared server contract, with its API pointed at the Asana fake. */
import { definition } from "../../../services/platforms/asana/index.js";
import { AsanaFake } from "../../fakes/asana.js";
import { runPlatformContract } from "../../support/platform-harness.js";
import { TOKEN } from "./harness.js";

runPlatformContract(definition, {
  fake: async () => {
    const fake = await AsanaFake.start(TOKEN);
    return { url: fake.apiUrl, requests: fake.requests, close: () => fake.close() };
  },
  env: { ASANA_ACCESS_TOKEN: TOKEN },
  ready: true,
});
