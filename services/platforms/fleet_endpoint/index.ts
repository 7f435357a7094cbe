/**
 * The fleet endpoint (port 9000): one MCP URL for agents, federating every server of the fleet.
 * Its code lives in services/fleet-endpoint/; this folder holds its facts and names its definition.
 */
export { definition } from "../../fleet-endpoint/definition.js";
