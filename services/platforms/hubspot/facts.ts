/** HubSpot's facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, hook, opt, req } from "../../fleet/facts.js";

const OBJECTS = ["contact", "company", "deal", "ticket"] as const;
const ACTIONS = ["creation", "deletion", "propertyChange", "associationChange", "merge", "restore"] as const;

export const facts = definePlatformFacts({
  name: "hubspot",
  title: "HubSpot",
  serverName: "hubspot_crm",
  variables: [
    req("HUBSPOT_ACCESS_TOKEN", "private app access token (or OAuth access token)"),
    hook("HUBSPOT_CLIENT_SECRET", "app client secret: signs X-HubSpot-Signature-v3"),
    opt("HUBSPOT_CLIENT_ID", "OAuth app client id (with HUBSPOT_REFRESH_TOKEN for OAuth apps)"),
    opt("HUBSPOT_REFRESH_TOKEN", "OAuth refresh token; when set, access tokens are refreshed", true),
    opt("HUBSPOT_WEBHOOK_URL", "public webhook URL as HubSpot calls it: the v3 signature covers it (default: the fleet's public webhook URL)"),
  ],
  syncObjects: ["contacts", "companies", "deals", "tickets"],
  webhook: {
    proof: "hmac-signature",
    dedupeKey: "portal id, subscription id and eventId of each event in the batch",
    subscriptions: [...OBJECTS.flatMap((object) => ACTIONS.map((action) => `${object}.${action}`)), "contact.privacyDeletion"],
  },
});
