/**
 * What tool search needs from the fleet endpoint: the federated tool list and a way to call one of
 * its tools. The endpoint implements it over the running servers; tests use an in-memory one.
 */
import type { CallToolResult } from "@modelcontextprotocol/server";

/** One tool of one server, as the fleet endpoint lists it (name already platform-prefixed). */
export interface FederatedTool {
  readonly platform: string;
  readonly name: string;
  readonly title?: string;
  readonly description: string;
  readonly toolset?: string;
  /** the tool's input JSON Schema, as its server lists it */
  readonly inputSchema: object;
  readonly annotations?: object;
}

export interface Federation {
  /** every tool agents may see now (down servers and filtered tools left out) */
  listTools(signal?: AbortSignal): Promise<FederatedTool[]>;
  /** forwards the call to the owning server, with the caller's cancellation */
  callTool(name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<CallToolResult>;
  /**
   * For a name no listed tool has: "<platform> is unavailable: <why>" when the server whose platform
   * prefixes it is down (so its tools dropped out of the list), else undefined.
   */
  unavailable?(name: string): Promise<string | undefined>;
}
