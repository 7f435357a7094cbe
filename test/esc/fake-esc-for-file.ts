/**
 * The ESC fake for a whole test file: started before its tests and closed after them, when it also
 * checks that every request any test made went to a path, method and auth header form the API
 * knows. What it returns reads through to the running fake.
 */
import { afterAll, beforeAll, expect } from "vitest";
import { type FakeEsc, type FakeEscOptions, startFakeEsc } from "../fakes/esc.js";

export function fakeEscForFile(options: FakeEscOptions): FakeEsc {
  let running: FakeEsc | undefined;
  const fake = (): FakeEsc => running ?? expect.unreachable("the ESC fake starts before the file's tests");
  beforeAll(async () => {
    running = await startFakeEsc(options);
  });
  afterAll(async () => {
    await running?.close();
    expect(running?.unexpected).toEqual([]);
  });
  return {
    get url() {
      return fake().url;
    },
    get requests() {
      return fake().requests;
    },
    get unexpected() {
      return fake().unexpected;
    },
    setEnvironment: (name, environment) => fake().setEnvironment(name, environment),
    close: () => fake().close(),
  };
}
