/**
 * How agents ask for tools, added to the memory store's domain thesaurus for tool search: requests
 * say what someone wants done in everyday words ("spin up a box", "mark it done", "who is on my
 * plate"), tools are named in API words (launch instance, update, list my tasks). Each group lists
 * words an agent uses interchangeably for one action or object; like the domain thesaurus, a query
 * word expands to the rest of its groups at a reduced weight.
 */
import { DOMAIN_GROUPS, thesaurusOf, type Thesaurus } from "../../memory/thesaurus.js";

export const TOOL_REQUEST_GROUPS: readonly string[] = [
  // actions
  "list show enumerate browse",
  "search find look lookup locate",
  "create new add make open submit",
  "update edit change modify set mark",
  "complete done finish finished close closed check",
  "delete remove erase purge wipe",
  "launch spin provision boot start",
  "terminate shut kill destroy teardown decommission",
  "restart reboot bounce",
  "cancel abort halt stop",
  "disable off pause suspend stop deactivate",
  "enable resume activate unpause",
  "resize scale bigger smaller",
  "run execute trigger kick",
  "enroll enrol add",
  "render export download",
  "attach attached link linked associate associated association related",
  "post send say write tell",
  "reply comment respond remark note",
  // objects
  "issue ticket bug",
  "instance machine box server node vm",
  "user rep seller member teammate person",
  "transcript spoken recording verbatim word",
  "version history revision changed",
  "todo assigned assignee plate workload",
  "sequence cadence campaign outreach",
  "credit credits balance remaining left",
  "usage spend spent burn consumption",
  "model llm",
  "gateway proxy router",
  "prompt template",
  "image png jpg svg picture screenshot",
  "variable token design tokens",
  "domain website site url",
  "log logs output",
  "job run sync",
  "contact prospect lead person people",
  "organization company account",
  "signal alert change",
  "privacy gdpr erasure forget",
  "many count number total stats statistics activity",
  "vp vps director head manager executive title seniority",
];

/** The domain thesaurus plus how agents ask for tools. */
export const toolSearchThesaurus: Thesaurus = thesaurusOf([...DOMAIN_GROUPS, ...TOOL_REQUEST_GROUPS]);
