/**
 * Federation: the fleet endpoint's view of every running server. One MCP client per server (the
 * SDK's, over streamable HTTP, presenting the fleet's own token, never an agent's), each server's
 * tool list cached briefly, calls forwarded to the owning server with the caller's signal.
 *
 * - tools/list: every reachable server's tools under their own (platform-prefixed) names, as each
 *   server lists them (so its own read_only and toolsets already apply), narrowed by the fleet
 *   endpoint's settings (read_only, toolsets). A server that cannot be listed drops out.
 * - tools/call: the owner is the server that listed the name (or, when it is down, the platform
 *   the name's prefix names); a server that is down answers an error naming the platform and why.
 *   In federated mode route() hands a call the owner can take to the runtime's HTTP pass-through
 *   (runtime/mcp/pass-through.ts: the agent's request as it came, over this member's keep-alive
 *   connections, with the fleet token); callTool answers the rest, and tool search mode's calls.
 * - a server's list is kept LIST_TTL_MS after it was fetched, and fetched again at once after a
 *   call to it failed to reach it or named a tool no server listed (its list changed).
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { Client, ProtocolError, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import type { CallToolResult, Tool } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import type { IntegrationSettings } from "../fleet/schema.js";
import type { ForwardRoute } from "../runtime/mcp/pass-through.js";
import { TOOLSET_META_KEY } from "../runtime/mcp/server-factory.js";
import type { FederatedTool, Federation } from "./search/federation.js";

/** The contract with tool search (services/fleet-endpoint/search/federation.ts). */
export type { FederatedTool, Federation };

export interface FederationOptions {
  /** platform -> its MCP URL (FLEET_SERVERS) */
  readonly members: Readonly<Record<string, string>>;
  /** the bearer token presented to every server (FLEET_MCP_TOKEN); none: servers without auth (local) */
  readonly token?: string;
  /** the fleet endpoint's own settings: read_only and toolsets narrow what agents see */
  readonly settings: Pick<IntegrationSettings, "read_only" | "toolsets">;
  readonly log: Logger;
  /** how long a server's tool list is reused; default 5 s */
  readonly listTtlMs?: number;
  /** how long listing one server may take before it counts as down; default 3 s */
  readonly listTimeoutMs?: number;
  /** the longest a forwarded call may run when the caller sets no shorter deadline; default 120 s */
  readonly callTimeoutMs?: number;
  readonly now?: () => number;
}

interface Listing {
  readonly at: number;
  readonly tools?: readonly Tool[];
  /** why the server could not be listed */
  readonly problem?: string;
}

/**
 * One server of the fleet: its client (connected on first use, for tools/list and the SDK path's
 * calls), its last listing, and the keep-alive connections forwarded calls use (pass-through).
 */
class Member {
  private client: Promise<Client> | undefined;
  listing: Listing | undefined;
  private refreshing: Promise<Listing> | undefined;
  /** keep-alive connections for forwarded calls; idle ones close before the server's keep-alive timeout (node honours its Keep-Alive hint) */
  readonly agent: HttpAgent;
  /** what a forwarded call presents instead of the agent's credentials */
  readonly forwardHeaders: Readonly<Record<string, string>>;

  constructor(
    readonly platform: string,
    readonly url: URL,
    private readonly token: string | undefined,
  ) {
    this.agent = url.protocol === "https:" ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.forwardHeaders = token ? { authorization: `Bearer ${token}` } : {};
  }

  connected(): Promise<Client> {
    if (this.client === undefined) {
      // the 2026-07-28 era where the server offers it (ours do): there a call is cancelled by closing
      // its request stream, which the server sees; a 2025-era notifications/cancelled goes out as a
      // separate POST that a stateless server cannot tie to the call it cancels
      const client = new Client({ name: "sophia-fleet-endpoint", version: "0.1.0" }, { versionNegotiation: { mode: "auto" } });
      const transport = new StreamableHTTPClientTransport(this.url, {
        ...(this.token ? { requestInit: { headers: { authorization: `Bearer ${this.token}` } } } : {}),
      });
      const connecting = client.connect(transport).then(() => client);
      // a failed connect is forgotten, so the next use tries again
      connecting.catch(() => {
        if (this.client === connecting) this.client = undefined;
      });
      this.client = connecting;
    }
    return this.client;
  }

  /** drops the client (its server restarted or went away): the next use connects afresh */
  reset(): void {
    const old = this.client;
    this.client = undefined;
    void old?.then((client) => client.close()).catch(() => undefined);
  }

  refresh(timeoutMs: number, now: () => number): Promise<Listing> {
    this.refreshing ??= (async (): Promise<Listing> => {
      try {
        const client = await withTimeout(this.connected(), timeoutMs, "did not answer the MCP handshake");
        const { tools } = await client.listTools(undefined, { timeout: timeoutMs, cacheMode: "refresh" });
        return { at: now(), tools };
      } catch (error) {
        this.reset();
        return { at: now(), problem: describeFailure(error) };
      }
    })().then((listing) => {
      this.listing = listing;
      this.refreshing = undefined;
      return listing;
    });
    return this.refreshing;
  }

  close(): void {
    this.reset();
    this.agent.destroy();
  }
}

export class FleetFederation implements Federation {
  private readonly members: Map<string, Member>;
  private readonly ttlMs: number;
  private readonly listTimeoutMs: number;
  private readonly callTimeoutMs: number;
  private readonly now: () => number;
  private readonly toolsets: ReadonlySet<string> | undefined;

  constructor(private readonly options: FederationOptions) {
    this.members = new Map(Object.entries(options.members).map(([platform, url]) => [platform, new Member(platform, new URL(url), options.token)]));
    this.ttlMs = options.listTtlMs ?? 5_000;
    this.listTimeoutMs = options.listTimeoutMs ?? 3_000;
    this.callTimeoutMs = options.callTimeoutMs ?? 120_000;
    this.now = options.now ?? Date.now;
    this.toolsets = options.settings.toolsets === undefined ? undefined : new Set(options.settings.toolsets);
  }

  get platforms(): readonly string[] {
    return [...this.members.keys()];
  }

  /** Every reachable server's tools the fleet settings let agents see, as MCP lists them. */
  async listMcpTools(signal?: AbortSignal): Promise<Tool[]> {
    const listings = await this.listings(false);
    signal?.throwIfAborted();
    return listings.flatMap(({ member, listing }) => (listing.tools ?? []).filter((tool) => this.visible(tool)).map((tool) => withPlatform(tool, member.platform)));
  }

  async listTools(signal?: AbortSignal): Promise<FederatedTool[]> {
    return (await this.listMcpTools(signal)).map(federatedTool);
  }

  /** What is down, for readiness and logs: platform -> why. */
  async problems(): Promise<Record<string, string>> {
    const listings = await this.listings(false);
    return Object.fromEntries(listings.flatMap(({ member, listing }) => (listing.problem ? [[member.platform, listing.problem]] : [])));
  }

  async callTool(name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<CallToolResult> {
    let found = await this.owner(name, false);
    // a name no server listed: a server's list may have changed since it was cached
    if (found === undefined || (found.tool === undefined && found.member.listing?.problem === undefined)) found = (await this.owner(name, true)) ?? found;
    if (found === undefined) return errorResult(`unknown tool "${name}": no server of this fleet lists it (the fleet's servers: ${this.platforms.join(", ")})`);
    const { member, tool } = found;
    if (tool === undefined) {
      const problem = member.listing?.problem;
      return errorResult(
        problem
          ? `${member.platform} is unavailable: ${problem}`
          : `unknown tool "${name}": the ${member.platform} server does not list it (it may be filtered by that server's read_only or toolsets settings)`,
      );
    }
    if (!this.visible(tool)) return errorResult(`tool "${name}" is not exposed by the fleet endpoint (its read_only or toolsets settings)`);
    const deadline = AbortSignal.timeout(this.callTimeoutMs);
    const callSignal = signal ? AbortSignal.any([signal, deadline]) : deadline;
    let client: Client;
    try {
      client = await member.connected();
    } catch (error) {
      member.listing = { at: this.now(), problem: describeFailure(error) };
      return errorResult(`${member.platform} is unavailable: ${member.listing.problem}`);
    }
    try {
      // the SDK's own timeout is the fleet's bound; the caller's deadline arrives as its signal. No
      // toolDefinition option: with it the SDK compiles the output schema's validator on every call;
      // without it, it uses the validators it compiled once from this client's last tools/list
      return await client.callTool({ name, arguments: args }, { signal: callSignal, timeout: this.callTimeoutMs });
    } catch (error) {
      if (signal?.aborted) throw error;
      if (error instanceof ProtocolError) throw error;
      if (deadline.aborted) return errorResult(`${member.platform} did not answer ${name} within ${Math.round(this.callTimeoutMs / 1000)} s`);
      return this.unreachable(member, name, error);
    }
  }

  async unavailable(name: string): Promise<string | undefined> {
    const found = await this.owner(name, false);
    const problem = found !== undefined && found.tool === undefined ? found.member.listing?.problem : undefined;
    return problem === undefined ? undefined : `${found!.member.platform} is unavailable: ${problem}`;
  }

  /**
   * Where a tools/call goes as an HTTP pass-through: the owning server, when it lists the tool, the
   * fleet's settings expose it and it is not known to be down. Anything else (unknown, filtered out,
   * down) is left to callTool, which answers why.
   */
  async route(name: string): Promise<ForwardRoute | undefined> {
    const found = await this.owner(name, false);
    if (found?.tool === undefined || !this.visible(found.tool)) return undefined;
    const { member } = found;
    return {
      platform: member.platform,
      url: member.url,
      agent: member.agent,
      headers: member.forwardHeaders,
      timeoutMs: this.callTimeoutMs,
      unreachable: (error) => this.unreachable(member, name, error),
      timedOut: () => errorResult(`${member.platform} did not answer ${name} within ${Math.round(this.callTimeoutMs / 1000)} s`),
    };
  }

  close(): void {
    for (const member of this.members.values()) member.close();
  }

  /** a forwarded call could not reach its server: it counts as down (dropped from the list, listed again after a success) */
  private unreachable(member: Member, name: string, error: unknown): CallToolResult {
    const problem = describeFailure(error);
    this.options.log.warn({ platform: member.platform, tool: name, problem }, "forwarded call failed");
    member.reset();
    member.listing = { at: this.now(), problem };
    return errorResult(`${member.platform} is unavailable: ${problem}`);
  }

  private visible(tool: Tool): boolean {
    if (this.options.settings.read_only === true && tool.annotations?.readOnlyHint !== true) return false;
    if (this.toolsets !== undefined && !this.toolsets.has(toolsetOf(tool) ?? "")) return false;
    return true;
  }

  private async listings(force: boolean): Promise<{ member: Member; listing: Listing }[]> {
    const now = this.now();
    return Promise.all(
      [...this.members.values()].map(async (member) => {
        const cached = member.listing;
        const fresh = cached !== undefined && !force && now - cached.at < this.ttlMs;
        return { member, listing: fresh ? cached : await member.refresh(this.listTimeoutMs, this.now) };
      }),
    );
  }

  /** The server that lists `name`; else the member whose platform prefixes it (without the tool). */
  private async owner(name: string, force: boolean): Promise<{ member: Member; tool?: Tool } | undefined> {
    const listings = await this.listings(force);
    for (const { member, listing } of listings) {
      const tool = listing.tools?.find((t) => t.name === name);
      if (tool) return { member, tool };
    }
    const byPrefix = [...this.members.values()].filter((m) => name.startsWith(`${m.platform}_`)).sort((a, b) => b.platform.length - a.platform.length)[0];
    return byPrefix ? { member: byPrefix } : undefined;
  }
}

function toolsetOf(tool: Tool): string | undefined {
  const value = tool._meta?.[TOOLSET_META_KEY];
  return typeof value === "string" ? value : undefined;
}

/** the listed tool, with the platform that serves it in its _meta (clients that group tools read it) */
function withPlatform(tool: Tool, platform: string): Tool {
  return { ...tool, _meta: { ...tool._meta, [PLATFORM_META_KEY]: platform } };
}

export const PLATFORM_META_KEY = "sophia.ai/platform";

function federatedTool(tool: Tool): FederatedTool {
  const toolset = toolsetOf(tool);
  return {
    platform: String(tool._meta?.[PLATFORM_META_KEY] ?? ""),
    name: tool.name,
    ...(tool.title !== undefined ? { title: tool.title } : {}),
    description: tool.description ?? "",
    ...(toolset !== undefined ? { toolset } : {}),
    inputSchema: tool.inputSchema,
    ...(tool.annotations !== undefined ? { annotations: tool.annotations } : {}),
  };
}

function errorResult(text: string): CallToolResult {
  return { content: [{ type: "text", text }], isError: true };
}

/** one line on why a server could not be reached or listed (never a token: none is in these messages) */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // the SDK wraps the network error (fetch's TypeError, whose cause carries the code) in its own
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "ECONNREFUSED") return "connection refused (the server is not running)";
    if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "the connection was reset (the server stopped or restarted)";
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `its address could not be resolved (${code})`;
  }
  const status = /\b(401|403)\b/.exec(error.message);
  if (status) return `it refused the fleet endpoint's credentials (HTTP ${status[1]}): set FLEET_MCP_TOKEN for the fleet`;
  return error.message.split("\n")[0] ?? "unknown error";
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
