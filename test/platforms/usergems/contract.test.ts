/** The UserGems server under the fleet's shared server contract, with its API pointed at the UserGems fake. */
import { definition } from "../../../services/platforms/usergems/index.js";
import { UsergemsFake } from "../../fakes/usergems.js";
import { runPlatformContract } from "../../support/platform-harness.js";
import { API_KEY } from "./harness.js";

runPlatformContract(definition, {
  fake: () => UsergemsFake.start({ apiKey: API_KEY }),
  env: { USERGEMS_API_KEY: API_KEY, USERGEMS_WEBHOOK_TOKEN: "contract-usergems-token" },
  ready: true,
});
