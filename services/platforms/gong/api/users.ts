/** /v2/users, /v2/settings/trackers, /v2/stats/activity/aggregate */
import type { z } from "zod";
import type { PlatformHttp } from "../../../runtime/contract.js";
import { activityAggregateResponse, trackersResponse, usersResponse } from "../types/raw.js";
import { emptyWhenNotFound } from "./empty-list.js";

export type UsersPage = z.infer<typeof usersResponse>;
export type ActivityPage = z.infer<typeof activityAggregateResponse>;

export interface PeopleApi {
  listUsers(params: { cursor?: string }): Promise<UsersPage>;
  listTrackers(params: { workspaceId?: string }): Promise<z.infer<typeof trackersResponse>>;
  /** fromDate inclusive, toDate exclusive, both YYYY-MM-DD in the company's time zone */
  activity(params: { fromDate: string; toDate: string; userIds?: readonly string[]; cursor?: string }): Promise<ActivityPage>;
}

export function createPeopleApi(http: PlatformHttp, at: (path: string) => string): PeopleApi {
  return {
    listUsers({ cursor }) {
      return http.json({ method: "GET", url: at("/v2/users"), query: { cursor } }, usersResponse);
    },
    listTrackers({ workspaceId }) {
      return http.json({ method: "GET", url: at("/v2/settings/trackers"), query: { workspaceId } }, trackersResponse);
    },
    activity({ fromDate, toDate, userIds, cursor }) {
      return emptyWhenNotFound(
        http.json(
          {
            method: "POST",
            url: at("/v2/stats/activity/aggregate"),
            // a query sent as POST: retried like any read
            idempotent: true,
            body: {
              filter: { fromDate, toDate, ...(userIds !== undefined && { userIds: [...userIds] }) },
              ...(cursor !== undefined && { cursor }),
            },
          },
          activityAggregateResponse,
        ),
        { usersAggregateActivityStats: [], records: undefined, timeZone: undefined },
      );
    },
  };
}
