/**
 * Text analysis shared by every ranking: word tokens, a light English stemmer and snippets.
 * Deliberately small and deterministic: the same text always yields the same tokens, in the
 * embedded store, the production keyword ranking and the benchmark.
 */

const STOPWORDS = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between both " +
    "but by can could did do does doing down during each few for from further had has have having he her here hers " +
    "him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our " +
    "ours out over own same she should so some such than that the their theirs them then there these they this those " +
    "through to too under until up very was we were what when where which while who whom why will with would you " +
    "your yours also any anything get got let lets via per"
  ).split(" "),
);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Lower-cased alphanumeric words, in order, including stopwords. */
export function words(text: string): string[] {
  return text.toLowerCase().normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A light suffix stripper (plural, -ing, -ed, -ly, a few derivational endings). Character n-grams
 * catch what it misses; it only needs to map the common inflections of one word together.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /^\d/.test(word)) return word;
  let w = word;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  for (const suffix of ["ations", "ation", "ments", "ment", "ingly", "ings", "ing", "edly", "ed", "ers", "er", "ly"]) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  // "renewing" -> "renew", "shipped" -> "shipp" -> "ship": undouble a final consonant pair
  if (/([bdfgklmnprt])\1$/.test(w) && w.length > 4) w = w.slice(0, -1);
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Content words: tokens without stopwords, stemmed. */
export function contentTerms(text: string): string[] {
  return words(text)
    .filter((w) => !isStopword(w) && (w.length > 1 || /\d/.test(w)))
    .map(stem);
}

const SNIPPET_WORDS = 36;

/**
 * The window of the content that shares the most stemmed terms with the query, cut at word
 * boundaries and marked with an ellipsis where it was cut.
 */
export function bestSnippet(content: string, query: string, maxWords = SNIPPET_WORDS): string {
  const tokens = content.split(/\s+/).filter((t) => t.length > 0);
  if (tokens.length <= maxWords) return tokens.join(" ");
  const wanted = new Set(contentTerms(query));
  const hits = tokens.map((token) => (contentTerms(token).some((t) => wanted.has(t)) ? 1 : 0));
  let windowHits = hits.slice(0, maxWords).reduce<number>((a, b) => a + b, 0);
  let best = windowHits;
  let bestStart = 0;
  for (let start = 1; start + maxWords <= tokens.length; start += 1) {
    windowHits += (hits[start + maxWords - 1] ?? 0) - (hits[start - 1] ?? 0);
    if (windowHits > best) {
      best = windowHits;
      bestStart = start;
    }
  }
  // start a little before the first hit so the passage reads with its context
  const start = Math.max(0, bestStart - (best > 0 ? 3 : 0));
  const end = Math.min(tokens.length, start + maxWords);
  return `${start > 0 ? "… " : ""}${tokens.slice(start, end).join(" ")}${end < tokens.length ? " …" : ""}`;
}
