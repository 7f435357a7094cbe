/**
 * Apollo records and reveal results as memories that read well to a person and a model: who, at
 * which company, what changed or was found, with a link into Apollo. Only what Apollo sent us goes
 * in (its own fields, nothing inferred about the person).
 */
import type { MemoryRecord } from "../../runtime/contract.js";
import type { Account, Contact } from "./types/normalized.js";
import { appUrl, personName, toPhones } from "./types/normalized.js";
import type { RevealEvent, RevealedPerson } from "./types/events.js";

const day = (iso: string | undefined): string | undefined => (iso === undefined || Number.isNaN(Date.parse(iso)) ? undefined : new Date(iso).toISOString().slice(0, 10));

function joined(parts: readonly (string | undefined | false)[], separator = ", "): string {
  return parts.filter((part): part is string => typeof part === "string" && part !== "").join(separator);
}

export function contactToMemory(contact: Contact): MemoryRecord {
  const who = contact.name ?? contact.email ?? `contact ${contact.id}`;
  const role = joined([contact.title, contact.organizationName && `at ${contact.organizationName}`], " ");
  const updated = contact.updatedAt ?? contact.createdAt;
  const created = contact.createdAt !== undefined && contact.createdAt === contact.updatedAt;
  const details = joined([
    contact.email && `email ${contact.email}${contact.emailStatus ? ` (${contact.emailStatus})` : ""}`,
    contact.phone && `phone ${contact.phone}`,
    contact.location && `based in ${contact.location}`,
    contact.sequenceIds.length > 0 && `in ${contact.sequenceIds.length} sequence${contact.sequenceIds.length === 1 ? "" : "s"}`,
    contact.lastActivityAt && `last activity ${day(contact.lastActivityAt)}`,
  ]);
  return {
    key: `apollo:contact:${contact.id}:${updated ?? "unknown"}`,
    source: "apollo",
    type: "contact",
    timestamp: updated ?? new Date(0).toISOString(),
    title: `Apollo contact ${who}${role ? `, ${role}` : ""}`,
    content:
      `Apollo contact ${who}${role ? ` (${role})` : ""} was ${created ? "created" : "updated"}${updated ? ` on ${day(updated)}` : ""}.` +
      (details ? ` ${details.charAt(0).toUpperCase()}${details.slice(1)}.` : ""),
    record: contact,
    url: contact.url,
  };
}

export function accountToMemory(account: Account): MemoryRecord {
  const what = account.name ?? account.domain ?? `account ${account.id}`;
  const updated = account.updatedAt ?? account.createdAt;
  const created = account.createdAt !== undefined && (account.updatedAt === undefined || account.createdAt === account.updatedAt);
  const details = joined([
    account.domain && `domain ${account.domain}`,
    account.phone && `phone ${account.phone}`,
    account.address && `address ${account.address}`,
    account.contacts !== undefined && `${account.contacts} contact${account.contacts === 1 ? "" : "s"}`,
    account.lastActivityAt && `last activity ${day(account.lastActivityAt)}`,
  ]);
  return {
    key: `apollo:account:${account.id}:${updated ?? "unknown"}`,
    source: "apollo",
    type: "account",
    timestamp: updated ?? new Date(0).toISOString(),
    title: `Apollo account ${what}`,
    content:
      `Apollo account ${what} was ${created ? "created" : "updated"}${updated ? ` on ${day(updated)}` : ""}.` +
      (details ? ` ${details.charAt(0).toUpperCase()}${details.slice(1)}.` : ""),
    record: account,
    url: account.url,
  };
}

/** One memory per person in a reveal result that Apollo found something for. */
export function revealToMemories(event: RevealEvent): MemoryRecord[] {
  const people: RevealedPerson[] = [...(event.body.people ?? []), ...(event.body.person ? [event.body.person] : [])];
  return people.flatMap((person) => {
    const phones = toPhones(person.phone_numbers);
    const emails = (person.emails ?? []).map((email) => email.email);
    if (phones.length === 0 && emails.length === 0) return [];
    const who = personName(person) ?? `Apollo person ${person.id}`;
    const role = joined([person.title ?? undefined, person.organization?.name ? `at ${person.organization.name}` : undefined], " ");
    const found = joined([
      phones.length > 0 && `${phones.length === 1 ? "phone number" : `${phones.length} phone numbers`}: ${phones.map((p) => (p.type ? `${p.number} (${p.type.replace(/_/g, " ")})` : p.number)).join(", ")}`,
      emails.length > 0 && `${emails.length === 1 ? "email" : `${emails.length} emails`}: ${emails.join(", ")}`,
    ], "; ");
    return [
      {
        key: `apollo:reveal:${event.requestId}:${person.id}`,
        source: "apollo",
        type: "contact_reveal",
        timestamp: event.receivedAt,
        title: `Apollo revealed contact details for ${who}`,
        content: `Apollo revealed ${found} for ${who}${role ? ` (${role})` : ""}, answering enrichment request ${event.apolloRequestId ?? event.requestId}.`,
        record: { personId: person.id, name: personName(person), phones, emails, requestId: event.requestId, apolloRequestId: event.apolloRequestId },
        url: appUrl("people", person.id),
      },
    ];
  });
}
