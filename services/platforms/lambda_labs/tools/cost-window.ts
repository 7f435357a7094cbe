/** The start of the audit-log window that launch times (and so running costs) are read from. */
import { LAUNCH_LOOKBACK_DAYS } from "../api/index.js";

export function launchLookbackStart(now: Date): string {
  return new Date(now.getTime() - LAUNCH_LOOKBACK_DAYS * 86_400_000).toISOString();
}
