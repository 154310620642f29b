// Type-level tests: `deno test` type-checks this file, so a regression in the
// derived page types fails here. The runtime part checks the same values.
import { assertEquals } from "./support/assert.ts";
import { z } from "zod";
import { Commands } from "../mod.ts";
import type { Invoke, PanesPage } from "../page.ts";

const commands = new Commands()
  .command("greet", { body: z.string() }, ({ body }) => `Hello, ${body}!`)
  .command(
    "add",
    { body: z.object({ a: z.number(), b: z.number() }) },
    ({ body }) => body.a + body.b,
  )
  .command("bytes", { body: "bytes" }, ({ body }) => body);

type Api = Invoke<typeof commands>;

Deno.test("page invoke types are derived from the host's commands", async () => {
  const calls: unknown[] = [];
  const fake = ((cmd: string, body: unknown) => {
    calls.push([cmd, body]);
    return Promise.resolve(cmd === "add" ? 3 : cmd === "greet" ? "Hello, x!" : new ArrayBuffer(1));
  }) as unknown as Api;
  const s: string = await fake("greet", "x");
  const n: number = await fake("add", { a: 1, b: 2 });
  const b: ArrayBuffer = await fake("bytes", new Uint8Array([1]));
  // @ts-expect-error: unknown command
  void fake("nope", 1);
  // @ts-expect-error: wrong body type
  void fake("add", { a: "1", b: 2 });
  // @ts-expect-error: the result of greet is a string
  const wrong: number = await fake("greet", "x");
  void wrong;
  const page = {} as PanesPage<typeof commands>;
  const typed: (cmd: "greet", body: string) => Promise<string> = page.invoke;
  void typed;
  assertEquals([s, n, b.byteLength, calls.length], ["Hello, x!", 3, 1, 6]);
});
