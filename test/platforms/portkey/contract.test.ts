/** The Portkey server under the fleet's shared server contract, with its API pointed at the Portkey fake. */
import { definition } from "../../../services/platforms/portkey/index.js";
import { PortkeyFake } from "../../fakes/portkey.js";
import { runPlatformContract } from "../../support/platform-harness.js";
import { API_KEY, WORKSPACE } from "./harness.js";

runPlatformContract(definition, {
  fake: () => PortkeyFake.start({ apiKey: API_KEY, workspace: WORKSPACE }),
  env: { PORTKEY_API_KEY: API_KEY, PORTKEY_WORKSPACE_ID: WORKSPACE },
  ready: true,
});
