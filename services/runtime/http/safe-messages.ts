/**
 * Messages about platform failures that are safe to show an agent: the platform, the status, the
 * method and the path with identifiers replaced by {id}. Never the query string (it can carry
 * e-mail addresses, team ids or tokens), never a response body.
 */
import { STATUS_CODES } from "node:http";

const VERSION_SEGMENT = /^v\d+(\.\d+)?$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function looksLikeIdentifier(segment: string): boolean {
  if (segment === "" || VERSION_SEGMENT.test(segment)) return false;
  if (/^\d+$/.test(segment) || UUID.test(segment) || segment.includes("@") || segment.includes("%")) return true;
  if (segment.length >= 24) return true;
  return segment.length >= 8 && /\d/.test(segment) && /^[\w-]+$/.test(segment);
}

/** `/crm/v3/objects/deals/12345?x=1` → `/crm/v3/objects/deals/{id}` */
export function pathTemplate(url: URL): string {
  return url.pathname
    .split("/")
    .map((segment) => (looksLikeIdentifier(segment) ? "{id}" : segment))
    .join("/");
}

export function describeRequest(method: string, url: URL): string {
  return `${method} ${pathTemplate(url)}`;
}

/** "HubSpot answered 404 Not Found for GET /crm/v3/objects/deals/{id}" (title: the platform's, from its facts) */
export function statusMessage(title: string, status: number, method: string, url: URL): string {
  const reason = STATUS_CODES[status] ?? "";
  return `${title} answered ${status}${reason === "" ? "" : ` ${reason}`} for ${describeRequest(method, url)}`;
}
