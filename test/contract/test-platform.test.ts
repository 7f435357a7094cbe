/** The contract suite run against the runtime's test platform (test/fixtures/test-platform). */
import { definition } from "../fixtures/test-platform/index.js";
import { startContractServer } from "./harness.js";
import { runServerContract } from "./suite.js";

runServerContract("test platform", () => startContractServer(definition), {
  platform: "widgets",
  tools: ["widgets_get_widget", "widgets_create_widget", "widgets_delete_widget"],
  ready: true,
});
