/**
 * A small hand-written thesaurus of the vocabulary the fleet's sources share (sales calls, CRM,
 * issue trackers, chat). Hashed n-grams only match shared spelling; this is what lets the
 * embedded ranking connect "churn" with "cancel" or "bug" with "defect". Each group lists words
 * that mean nearly the same thing in this domain; a query word expands to the rest of its groups
 * at a reduced weight. It is a known, bounded list — hosted embeddings do this for every word.
 */
import { stem } from "./text.js";

export const DOMAIN_GROUPS: readonly string[] = [
  "cancel churn terminate leave quit cancellation",
  "customer client account buyer",
  "price pricing cost costs quote fee fees expensive cheaper budget spend",
  "discount rebate reduction markdown concession",
  "contract agreement deal renewal renew subscription",
  "bug defect error crash failure broken regression glitch issue",
  "fix patch resolve resolved hotfix repair",
  "outage downtime incident unavailable down",
  "slow latency lag sluggish performance timeout",
  "launch release ship shipped rollout deploy deployment",
  "meeting call sync demo session",
  "hire hiring recruit recruiting candidate headcount",
  "security vulnerability breach compliance soc2 audit",
  "login signin authentication sso password credentials",
  "integration connector api webhook",
  "competitor rival alternative competition",
  "invoice billing payment charge refund",
  "onboarding setup kickoff implementation",
  "feedback complaint unhappy frustrated dissatisfied",
  "happy satisfied pleased delighted praise",
  "urgent critical blocker p0 asap escalation escalate",
  "forecast pipeline quota target projection",
  "trial pilot poc evaluation",
  "legal lawyer counsel procurement redline",
  "mobile ios android app phone",
  "dashboard report reporting analytics chart",
  "email inbox newsletter message",
  "expand expansion upsell upgrade seats",
  "delay delayed postpone slip slipped behind late",
  "data export import migration migrate",
  "permission access role rbac",
  "design mockup figma wireframe prototype",
];

/** The stemmed terms related to a term (itself stemmed), excluding itself. */
export type Thesaurus = (term: string) => readonly string[];

/** A thesaurus of groups of near-synonyms, one group a line of space-separated words. */
export function thesaurusOf(groups: readonly string[]): Thesaurus {
  const expansions = new Map<string, Set<string>>();
  for (const group of groups) {
    const stems = [...new Set(group.split(" ").map(stem))];
    for (const member of stems) {
      const set = expansions.get(member) ?? new Set<string>();
      for (const other of stems) if (other !== member) set.add(other);
      expansions.set(member, set);
    }
  }
  return (term) => {
    const related = expansions.get(term);
    return related === undefined ? [] : [...related];
  };
}

/** The memory store's thesaurus: the domain groups above. */
export const relatedTerms: Thesaurus = thesaurusOf(DOMAIN_GROUPS);
