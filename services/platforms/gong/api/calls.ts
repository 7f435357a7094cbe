/** /v2/calls, /v2/calls/{id}, /v2/calls/extensive, /v2/calls/transcript */
import type { PlatformHttp } from "../../../runtime/contract.js";
import { callsResponse, extensiveCallsResponse, specificCallResponse, transcriptsResponse } from "../types/raw.js";
import type { z } from "zod";
import { emptyWhenNotFound } from "./empty-list.js";

export interface CallsFilter {
  readonly fromDateTime?: string;
  readonly toDateTime?: string;
  readonly workspaceId?: string;
  readonly callIds?: readonly string[];
  /** extensive only: calls hosted by these Gong users */
  readonly primaryUserIds?: readonly string[];
}

/** which parts of each call /v2/calls/extensive returns (contentSelector.exposedFields) */
export interface ExtensiveSelection {
  readonly parties?: boolean;
  readonly brief?: boolean;
  readonly keyPoints?: boolean;
  readonly outline?: boolean;
  readonly highlights?: boolean;
  readonly callOutcome?: boolean;
  readonly topics?: boolean;
  readonly trackers?: boolean;
  /** CRM objects linked to the call (context: "Extended" includes their fields, e.g. Name) */
  readonly crmContext?: boolean;
}

export type CallsPage = z.infer<typeof callsResponse>;
export type ExtensiveCallsPage = z.infer<typeof extensiveCallsResponse>;
export type TranscriptsPage = z.infer<typeof transcriptsResponse>;

export interface CallsApi {
  list(params: { fromDateTime: string; toDateTime?: string; workspaceId?: string; cursor?: string }): Promise<CallsPage>;
  get(id: string): Promise<z.infer<typeof specificCallResponse>["call"]>;
  extensive(params: { filter: CallsFilter; select: ExtensiveSelection; cursor?: string }): Promise<ExtensiveCallsPage>;
  transcripts(params: { filter: CallsFilter; cursor?: string }): Promise<TranscriptsPage>;
}

export function contentSelector(select: ExtensiveSelection) {
  return {
    context: select.crmContext ? "Extended" : "None",
    exposedFields: {
      parties: select.parties ?? false,
      content: {
        brief: select.brief ?? false,
        keyPoints: select.keyPoints ?? false,
        outline: select.outline ?? false,
        highlights: select.highlights ?? false,
        callOutcome: select.callOutcome ?? false,
        topics: select.topics ?? false,
        trackers: select.trackers ?? false,
      },
    },
  };
}

function filterBody(filter: CallsFilter) {
  return {
    ...(filter.fromDateTime !== undefined && { fromDateTime: filter.fromDateTime }),
    ...(filter.toDateTime !== undefined && { toDateTime: filter.toDateTime }),
    ...(filter.workspaceId !== undefined && { workspaceId: filter.workspaceId }),
    ...(filter.callIds !== undefined && { callIds: [...filter.callIds] }),
    ...(filter.primaryUserIds !== undefined && { primaryUserIds: [...filter.primaryUserIds] }),
  };
}

export function createCallsApi(http: PlatformHttp, at: (path: string) => string): CallsApi {
  return {
    list({ fromDateTime, toDateTime, workspaceId, cursor }) {
      return emptyWhenNotFound(
        http.json({ method: "GET", url: at("/v2/calls"), query: { fromDateTime, toDateTime, workspaceId, cursor } }, callsResponse),
        { calls: [], records: undefined },
      );
    },
    async get(id) {
      const response = await http.json({ method: "GET", url: at(`/v2/calls/${encodeURIComponent(id)}`) }, specificCallResponse);
      return response.call;
    },
    extensive({ filter, select, cursor }) {
      return emptyWhenNotFound(
        http.json(
          {
            method: "POST",
            url: at("/v2/calls/extensive"),
            // /v2/calls/extensive and /v2/calls/transcript are queries sent as POST: retried like any read
            idempotent: true,
            body: { filter: filterBody(filter), contentSelector: contentSelector(select), ...(cursor !== undefined && { cursor }) },
          },
          extensiveCallsResponse,
        ),
        { calls: [], records: undefined },
      );
    },
    transcripts({ filter, cursor }) {
      return emptyWhenNotFound(
        http.json(
          { method: "POST", url: at("/v2/calls/transcript"), idempotent: true, body: { filter: filterBody(filter), ...(cursor !== undefined && { cursor }) } },
          transcriptsResponse,
        ),
        { callTranscripts: [], records: undefined },
      );
    },
  };
}
