/**
 * UserGems' REST API (https://api.usergems.com/v1, X-Api-Key) is write-only: it accepts contacts
 * and accounts to track and privacy deletions, and answers `{ "message": "..." }` (errors add a
 * `code`). Parsed, never trusted.
 */
import { z } from "zod";

export const messageResponseSchema = z.object({ message: z.string().optional(), code: z.string().optional() });
export type RawMessageResponse = z.infer<typeof messageResponseSchema>;

/** POST /contact: one contact to track for job changes, identified by email */
export interface RawContactBody {
  email: string;
  firstName?: string;
  lastName?: string;
  fullName?: string;
  company?: string;
  relationshipType?: string;
  linkedinUrl?: string;
  signal?: string;
}

/** POST /account: one account to source prospects against, identified by name and domain */
export interface RawAccountBody {
  name: string;
  domain: string;
  reportName?: string;
  signal?: string;
  salesforceId?: string;
  customId?: string;
}
