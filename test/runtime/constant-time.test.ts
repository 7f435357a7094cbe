import { describe, expect, it } from "vitest";
import { safeEqual } from "../../services/runtime/constant-time.js";

describe("safeEqual (the fleet's one constant-time comparison)", () => {
  it("compares exactly, whatever the lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("ab", "abc")).toBe(false);
    expect(safeEqual(Buffer.from("abc"), "abc")).toBe(true);
  });
});
