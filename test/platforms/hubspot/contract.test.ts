/** The HubSpot server under the fleet's shared server contract, with its API pointed at the HubSpot fake. */
import { definition } from "../../../services/platforms/hubspot/index.js";
import { startContractServer } from "../../contract/harness.js";
import { runServerContract } from "../../contract/suite.js";
import { HubspotFake } from "../../fakes/hubspot.js";
import { TOKEN } from "./harness.js";

runServerContract(
  "hubspot",
  async () => {
    const fake = await HubspotFake.start({ token: TOKEN });
    const server = await startContractServer(definition, {
      env: { PLATFORM_API_BASE_URL: fake.url, HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_CLIENT_SECRET: "contract-client-secret" },
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
  { platform: "hubspot", tools: definition.tools.map((tool) => tool.name), ready: true },
);
