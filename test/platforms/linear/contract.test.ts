/** The Linear server under the fleet's shared server contract, with its API pointed at the Linear fake. */
import { definition } from "../../../services/platforms/linear/index.js";
import { startContractServer } from "../../contract/harness.js";
import { runServerContract } from "../../contract/suite.js";
import { LinearFake } from "../../fakes/linear.js";
import { API_KEY } from "./harness.js";

runServerContract(
  "linear",
  async () => {
    const fake = await LinearFake.start(API_KEY);
    const server = await startContractServer(definition, {
      env: { PLATFORM_API_BASE_URL: fake.url, LINEAR_API_KEY: API_KEY, LINEAR_WEBHOOK_SECRET: "contract-webhook-secret" },
    });
    return {
      ...server,
      platformRequestCount: () => fake.requests.length,
      async close() {
        await server.close();
        await fake.close();
      },
    };
  },
  { platform: "linear", tools: definition.tools.map((tool) => tool.name), ready: true },
);
