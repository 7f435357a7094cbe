/** The Slack server under the fleet's shared server contract (health, readiness, metrics, tools, auth, webhook rejection). */
import { definition } from "../../../services/platforms/slack/index.js";
import { startContractServer } from "../../contract/harness.js";
import { runServerContract } from "../../contract/suite.js";

runServerContract("slack", () => startContractServer(definition), {
  platform: "slack",
  tools: definition.tools.map((t) => t.name),
});
