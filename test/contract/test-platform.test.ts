/** The contract suite run against the runtime's test platform (test/fixtures/test-platform). */
import { definition } from "../fixtures/test-platform/index.js";
import { startContractServer } from "./harness.js";
import { runServerContract } from "./suite.js";

runServerContract("test platform", () => startContractServer(definition), {
  platform: "usergems",
  tools: ["usergems_get_widget", "usergems_create_widget", "usergems_delete_widget"],
  ready: true,
});
