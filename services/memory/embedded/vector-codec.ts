/**
 * Stored form of a lexical vector: its scale (float32 LE), feature ids (uint32 LE), then 8-bit
 * levels: the quantization the in-memory index uses, so reopening rebuilds it exactly without
 * re-tokenizing anything.
 */
import { quantize, type QuantizedVector } from "../quantize.js";
import type { SparseVector } from "../lexical-vectors.js";

export function encodeVector(vector: SparseVector): Uint8Array {
  const q = quantize(vector);
  const n = q.ids.length;
  const bytes = new Uint8Array(4 + n * 5);
  const view = new DataView(bytes.buffer);
  view.setFloat32(0, q.scale, true);
  for (let i = 0; i < n; i += 1) view.setUint32(4 + i * 4, q.ids[i] as number, true);
  bytes.set(q.levels, 4 + n * 4);
  return bytes;
}

export function decodeVector(bytes: Uint8Array): QuantizedVector {
  if (bytes.length < 4 || (bytes.length - 4) % 5 !== 0) throw new RangeError("corrupt stored vector");
  const n = (bytes.length - 4) / 5;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ids = new Uint32Array(n);
  for (let i = 0; i < n; i += 1) ids[i] = view.getUint32(4 + i * 4, true);
  return { ids, levels: bytes.slice(4 + n * 4), scale: view.getFloat32(0, true) };
}
