/**
 * The embedded store's local "meaning" representation: hashed lexical features, weighted in the
 * SMART lnc.ltc scheme (documents: sublinear tf, cosine-normalised; queries: sublinear tf × idf,
 * cosine-normalised), in three families mixed by fixed weights:
 *
 *   - word unigrams (stemmed, stopwords removed)   — topical overlap
 *   - word bigrams (adjacent content words)        — shared phrasing ("renewal date")
 *   - character 4-grams of each word, padded       — morphology and spelling ("renewal" ~ "renewing")
 *
 * Each family is L2-normalised on its own, then scaled so the squared family weights sum to one:
 * the score is a weighted sum of three cosines, and no family drowns the others by feature count.
 * Features are hashed (FNV-1a) into 2^19 buckets, so the vocabulary never has to be stored.
 * Query words also expand through the domain thesaurus at a reduced weight.
 */
import { relatedTerms, type Thesaurus } from "./thesaurus.js";
import { isStopword, stem, words } from "./text.js";

export const FEATURE_BUCKETS = 1 << 19;

export type FeatureFamily = "unigram" | "bigram" | "chargram";

/** Squared weights sum to 1, so a document matching itself scores 1. */
const FAMILY_SQUARED_WEIGHT: Readonly<Record<FeatureFamily, number>> = {
  unigram: 0.5,
  bigram: 0.15,
  chargram: 0.35,
};

/** Weight of a thesaurus expansion relative to a word the query actually contains. */
const EXPANSION_TF = 0.5;

/** A sparse vector, ids ascending and unique. */
export interface SparseVector {
  readonly ids: Uint32Array;
  readonly weights: Float32Array;
}

/** One query feature before idf weighting. */
export interface QueryFeature {
  readonly id: number;
  readonly family: FeatureFamily;
  /** sublinear term frequency (1 + ln tf), times the expansion factor for thesaurus terms */
  readonly tf: number;
}

const FAMILY_TAG: Readonly<Record<FeatureFamily, string>> = { unigram: "u", bigram: "b", chargram: "c" };

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function featureId(family: FeatureFamily, gram: string): number {
  return fnv1a(FAMILY_TAG[family] + gram) & (FEATURE_BUCKETS - 1);
}

type Counts = Map<number, number>;

function bump(counts: Counts, id: number, by = 1): void {
  counts.set(id, (counts.get(id) ?? 0) + by);
}

interface FamilyCounts {
  readonly unigram: Counts;
  readonly bigram: Counts;
  readonly chargram: Counts;
}

function countFeatures(text: string): FamilyCounts {
  const counts: FamilyCounts = { unigram: new Map(), bigram: new Map(), chargram: new Map() };
  const content = words(text).filter((w) => !isStopword(w) && (w.length > 1 || /\d/.test(w)));
  let previous: string | undefined;
  for (const word of content) {
    const stemmed = stem(word);
    bump(counts.unigram, featureId("unigram", stemmed));
    if (previous !== undefined) bump(counts.bigram, featureId("bigram", `${previous} ${stemmed}`));
    previous = stemmed;
    if (word.length >= 3) {
      const padded = `_${word}_`;
      for (let i = 0; i + 4 <= padded.length; i += 1) bump(counts.chargram, featureId("chargram", padded.slice(i, i + 4)));
    }
  }
  return counts;
}

function sublinear(tf: number): number {
  return tf > 0 ? 1 + Math.log(tf) : 0;
}

function toSparse(entries: Map<number, number>): SparseVector {
  const ids = Uint32Array.from(entries.keys()).sort();
  const weights = new Float32Array(ids.length);
  ids.forEach((id, i) => {
    weights[i] = entries.get(id) ?? 0;
  });
  return { ids, weights };
}

/** The lnc document vector: sublinear tf, per-family cosine normalisation, family mixing. */
export function documentVector(text: string): SparseVector {
  const counts = countFeatures(text);
  const combined = new Map<number, number>();
  for (const family of ["unigram", "bigram", "chargram"] as const) {
    const familyCounts = counts[family];
    let norm = 0;
    for (const tf of familyCounts.values()) norm += sublinear(tf) ** 2;
    if (norm === 0) continue;
    const scale = Math.sqrt(FAMILY_SQUARED_WEIGHT[family]) / Math.sqrt(norm);
    // bucket collisions across families simply add up, as feature hashing intends
    for (const [id, tf] of familyCounts) combined.set(id, (combined.get(id) ?? 0) + sublinear(tf) * scale);
  }
  return toSparse(combined);
}

/**
 * Query features before idf: the query's own features plus expansions of its words through the
 * thesaurus (`true`: the domain thesaurus; a Thesaurus: that one; `false`: none).
 */
export function queryFeatures(text: string, expand: boolean | Thesaurus = true): QueryFeature[] {
  const counts = countFeatures(text);
  const features: QueryFeature[] = [];
  for (const family of ["unigram", "bigram", "chargram"] as const) {
    for (const [id, tf] of counts[family]) features.push({ id, family, tf: sublinear(tf) });
  }
  if (expand !== false) {
    const related = expand === true ? relatedTerms : expand;
    const own = new Set(features.map((f) => f.id));
    const stems = new Set(words(text).filter((w) => !isStopword(w)).map(stem));
    for (const term of stems) {
      for (const relatedTerm of related(term)) {
        const id = featureId("unigram", relatedTerm);
        if (own.has(id)) continue;
        own.add(id);
        features.push({ id, family: "unigram", tf: EXPANSION_TF });
      }
    }
  }
  return features;
}

/**
 * The ltc query vector: tf × idf, per-family cosine normalisation, family mixing. `idf` comes from
 * the collection the query runs against.
 */
export function weighQuery(features: readonly QueryFeature[], idf: (id: number) => number): SparseVector {
  const norms: Record<FeatureFamily, number> = { unigram: 0, bigram: 0, chargram: 0 };
  const raw = features.map((f) => f.tf * idf(f.id));
  features.forEach((f, i) => {
    norms[f.family] += (raw[i] ?? 0) ** 2;
  });
  const combined = new Map<number, number>();
  features.forEach((f, i) => {
    const norm = norms[f.family];
    if (norm === 0) return;
    const weight = ((raw[i] ?? 0) / Math.sqrt(norm)) * Math.sqrt(FAMILY_SQUARED_WEIGHT[f.family]);
    combined.set(f.id, (combined.get(f.id) ?? 0) + weight);
  });
  return toSparse(combined);
}

/** Smoothed inverse document frequency; unseen features get the highest value. */
export function inverseDocumentFrequency(documentCount: number, documentFrequency: number): number {
  return Math.log(1 + (documentCount + 1) / (documentFrequency + 1));
}

/** Exact sparse dot product (both id lists ascending). */
export function dot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) {
      sum += (a.weights[i] as number) * (b.weights[j] as number);
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return sum;
}
