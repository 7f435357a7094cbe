/**
 * 8-bit weights with one scale per vector: level = round(weight / scale), scale = max weight / 255.
 * A per-vector scale keeps ~255 levels for every document, where one global scale would leave a
 * long document's small weights only a dozen. The index factors the scale out of the dot product
 * (score = scale × Σ query weight × level), so it costs one multiply per candidate.
 */
import type { SparseVector } from "./lexical-vectors.js";

export const QUANT_LEVELS = 255;

export interface QuantizedVector {
  readonly ids: Uint32Array;
  readonly levels: Uint8Array;
  readonly scale: number;
}

export function quantize(vector: SparseVector): QuantizedVector {
  let max = 0;
  for (const w of vector.weights) if (w > max) max = w;
  const scale = max > 0 ? max / QUANT_LEVELS : 1;
  const levels = new Uint8Array(vector.ids.length);
  vector.weights.forEach((w, i) => {
    levels[i] = Math.min(QUANT_LEVELS, Math.max(1, Math.round(w / scale)));
  });
  return { ids: vector.ids, levels, scale: Math.fround(scale) };
}

export function dequantize(vector: QuantizedVector): SparseVector {
  const weights = new Float32Array(vector.levels.length);
  vector.levels.forEach((level, i) => {
    weights[i] = level * vector.scale;
  });
  return { ids: vector.ids, weights };
}
