/** The analytics window and filters several tools share, and how they become an AnalyticsFilter. */
import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import type { AnalyticsFilter, PortkeyApi } from "../api/index.js";

export const analyticsInput = {
  from: z.iso.datetime({ offset: true }).optional().describe("window start; default 7 days before `to`"),
  to: z.iso.datetime({ offset: true }).optional().describe("window end; default now"),
  models: z.array(z.string().min(1)).max(20).optional().describe("only these models, e.g. gpt-4o"),
  configs: z.array(z.string().min(1)).max(20).optional().describe("only requests routed by these config slugs"),
  virtualKeys: z.array(z.string().min(1)).max(20).optional().describe("only these virtual key slugs"),
  metadata: z.record(z.string(), z.string()).optional().describe("only requests carrying these metadata key/values, e.g. {\"_user\":\"ada\"}"),
  workspaceSlug: z.string().min(1).optional().describe("default: the server's PORTKEY_WORKSPACE_ID"),
};

export interface AnalyticsInput {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly models?: readonly string[] | undefined;
  readonly configs?: readonly string[] | undefined;
  readonly virtualKeys?: readonly string[] | undefined;
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  readonly workspaceSlug?: string | undefined;
}

const DEFAULT_WINDOW_DAYS = 7;

export function analyticsFilter(input: AnalyticsInput, api: PortkeyApi, now: Date): AnalyticsFilter {
  const workspaceSlug = input.workspaceSlug ?? api.defaultWorkspace;
  if (workspaceSlug === undefined) {
    throw new UpstreamError("portkey", 400, false, "Portkey analytics need a workspace: pass workspaceSlug or set PORTKEY_WORKSPACE_ID");
  }
  const to = input.to ?? now.toISOString();
  const from = input.from ?? new Date(Date.parse(to) - DEFAULT_WINDOW_DAYS * 86_400_000).toISOString();
  return {
    workspaceSlug,
    from,
    to,
    ...(input.models !== undefined && { models: input.models }),
    ...(input.configs !== undefined && { configs: input.configs }),
    ...(input.virtualKeys !== undefined && { virtualKeys: input.virtualKeys }),
    ...(input.metadata !== undefined && { metadata: input.metadata }),
  };
}
