/** The Figma server under the fleet's shared server contract, with its API pointed at the Figma fake. */
import { definition } from "../../../services/platforms/figma/index.js";
import { FigmaFake } from "../../fakes/figma.js";
import { runPlatformContract } from "../../support/platform-harness.js";
import { PASSCODE, TEAM_ID, TOKEN } from "./harness.js";

runPlatformContract(definition, {
  fake: () => FigmaFake.start({ token: TOKEN }),
  env: { FIGMA_ACCESS_TOKEN: TOKEN, FIGMA_WEBHOOK_PASSCODE: PASSCODE, FIGMA_TEAM_ID: TEAM_ID },
  ready: true,
});
