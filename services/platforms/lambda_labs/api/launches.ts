/**
 * An instance's launch, read from Lambda's audit log: Lambda's Instance object carries no launch
 * time, so the audit event is where "running since" and "launched by" come from. Events name the
 * instance by its Lambda Resource Name, `lrn:cloud:instance:<instance id>`, in `resource_lrns` or
 * in `additional_details.instance_lrn`.
 */
import type { RawAuditEvent } from "../types/raw.js";

export interface InstanceLaunch {
  /** ISO 8601 */
  readonly at: string;
  /** the actor's LRN (a user identity), when the log names one */
  readonly by?: string;
  /** the LRN of the API key the launch used, when it came through the API */
  readonly apiKey?: string;
}

const INSTANCE_LRN = /^lrn:cloud:instance:([A-Za-z0-9_-]+)$/;
/** the audit catalog's verbs for a new instance (its example events use `created`) */
const LAUNCH_ACTIONS = /^(launch|launched|create|created)$/i;

export function instanceIdsOf(event: RawAuditEvent): string[] {
  const lrns = [...event.resource_lrns];
  const detail = event.additional_details.instance_lrn;
  if (typeof detail === "string") lrns.push(detail);
  const ids = lrns.flatMap((lrn) => {
    const match = INSTANCE_LRN.exec(lrn);
    return match?.[1] === undefined ? [] : [match[1]];
  });
  return [...new Set(ids)];
}

export function isLaunchEvent(event: RawAuditEvent): boolean {
  return event.resource_name === "instance" && LAUNCH_ACTIONS.test(event.action);
}

/** The earliest launch event per instance id. */
export function launchesIn(events: readonly RawAuditEvent[]): Map<string, InstanceLaunch> {
  const launches = new Map<string, InstanceLaunch>();
  for (const event of events) {
    if (!isLaunchEvent(event)) continue;
    for (const id of instanceIdsOf(event)) {
      const known = launches.get(id);
      if (known !== undefined && Date.parse(known.at) <= Date.parse(event.event_time)) continue;
      launches.set(id, {
        at: event.event_time,
        ...(event.actor_lrn !== null && { by: event.actor_lrn }),
        ...(event.request_api_key_lrn !== null && { apiKey: event.request_api_key_lrn }),
      });
    }
  }
  return launches;
}
