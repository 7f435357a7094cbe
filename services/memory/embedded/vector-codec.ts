/**
 * Stored form of a lexical vector: feature ids (uint32 LE) then 8-bit quantized weights, the
 * same quantization the in-memory index uses, so reloading rebuilds it exactly and needs no
 * re-tokenization.
 */
import { MAX_FAMILY_WEIGHT, type SparseVector } from "../lexical-vectors.js";

const LEVELS = 255;

export function encodeVector(vector: SparseVector): Uint8Array {
  const n = vector.ids.length;
  const bytes = new Uint8Array(n * 5);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < n; i += 1) {
    view.setUint32(i * 4, vector.ids[i] as number, true);
    bytes[n * 4 + i] = Math.min(LEVELS, Math.max(1, Math.round(((vector.weights[i] as number) / MAX_FAMILY_WEIGHT) * LEVELS)));
  }
  return bytes;
}

export function decodeVector(bytes: Uint8Array): SparseVector {
  if (bytes.length % 5 !== 0) throw new RangeError("corrupt stored vector");
  const n = bytes.length / 5;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ids = new Uint32Array(n);
  const weights = new Float32Array(n);
  for (let i = 0; i < n; i += 1) {
    ids[i] = view.getUint32(i * 4, true);
    weights[i] = ((bytes[n * 4 + i] as number) / LEVELS) * MAX_FAMILY_WEIGHT;
  }
  return { ids, weights };
}
