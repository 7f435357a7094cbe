import { z } from "zod";

/** An ISO 8601 instant as tools accept it; Slack wants "seconds.micros" strings instead. */
export const isoInstant = z.iso.datetime({ offset: true });

export function isoToSlackTs(iso: string): string {
  return (Date.parse(iso) / 1000).toFixed(6);
}
