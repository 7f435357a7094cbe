/**
 * UserGems signals as memories: who moved from where to where, in which role, when, and which
 * campaign noticed it ("Jane Doe moved from Acme (VP Sales) to Globex (CRO) on 2026-11-20."), with
 * the person's LinkedIn profile as the link. Only what UserGems sent is stored, plus the hashed
 * keys (emailKey, linkedinKey) a privacy request deletes the person's memories by.
 */
import type { MemoryRecord } from "../../runtime/contract.js";
import type { SignalBody } from "./types/events.js";
import { type SignalSummary, emailKey, linkedinKey } from "./types/normalized.js";

export function personName(person: SignalBody["person"]): string {
  return person.fullName ?? [person.firstName, person.lastName].filter(Boolean).join(" ");
}

function at(company: { name: string } | undefined, title: string | undefined): string {
  if (company === undefined) return title ?? "";
  return title ? `${company.name} (${title})` : company.name;
}

export function signalSentence(body: SignalBody): string {
  const name = personName(body.person);
  const day = body.occurredAt.slice(0, 10);
  switch (body.signal) {
    case "job_change":
      return `${name} moved from ${at(body.previous?.company, body.previous?.title)} to ${at(body.current?.company, body.current?.title)} on ${day}.`;
    case "new_hire":
      return `${name} joined ${body.current?.company.name}${body.current?.title ? ` as ${body.current.title}` : ""} on ${day}.`;
    case "promotion": {
      const from = body.previous?.title ? ` from ${body.previous.title}` : "";
      return `${name} was promoted at ${body.current?.company.name}${from}${body.current?.title ? ` to ${body.current.title}` : ""} on ${day}.`;
    }
    case "left_company":
      return `${name} left ${at(body.previous?.company, body.previous?.title)} on ${day}.`;
  }
}

export function toSignalSummary(body: SignalBody): SignalSummary {
  const summary: SignalSummary = {
    signal: body.signal,
    occurredAt: body.occurredAt,
    person: personName(body.person),
    campaign: body.campaign.name ?? body.campaign.id,
    summary: signalSentence(body),
  };
  const optional: Partial<SignalSummary> = {
    email: body.person.email,
    linkedinUrl: body.person.linkedinUrl,
    company: body.current?.company.name,
    companyDomain: body.current?.company.domain,
    title: body.current?.title,
    previousCompany: body.previous?.company.name,
    previousTitle: body.previous?.title,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (summary as Record<string, unknown>)[key] = value;
  return summary;
}

const SIGNAL_NAMES: Record<SignalBody["signal"], string> = { job_change: "job change", new_hire: "new hire", promotion: "promotion", left_company: "departure" };

export function signalToMemory(body: SignalBody, key: string): MemoryRecord {
  const summary = toSignalSummary(body);
  const timestamp = body.occurredAt.length === 10 ? `${body.occurredAt}T00:00:00.000Z` : body.occurredAt;
  return {
    key,
    source: "usergems",
    type: "signal",
    timestamp,
    title: `${summary.person}: ${SIGNAL_NAMES[body.signal]}${summary.company ? ` at ${summary.company}` : summary.previousCompany ? ` from ${summary.previousCompany}` : ""}`,
    content: `${summary.summary} UserGems ${SIGNAL_NAMES[body.signal]} signal from campaign "${summary.campaign}".`,
    record: {
      ...summary,
      campaignId: body.campaign.id,
      ...(body.person.email ? { emailKey: emailKey(body.person.email) } : {}),
      ...(body.person.linkedinUrl ? { linkedinKey: linkedinKey(body.person.linkedinUrl) } : {}),
    },
    ...(body.person.linkedinUrl ? { url: body.person.linkedinUrl } : {}),
  };
}
