/** The HubSpot server under the fleet's shared server contract, with its API pointed at the HubSpot fake. */
import { definition } from "../../../services/platforms/hubspot/index.js";
import { HubspotFake } from "../../fakes/hubspot.js";
import { runPlatformContract } from "../../support/platform-harness.js";
import { TOKEN } from "./harness.js";

runPlatformContract(definition, {
  fake: () => HubspotFake.start({ token: TOKEN }),
  env: { HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_CLIENT_SECRET: "contract-client-secret" },
  ready: true,
});
