import { assertEquals } from "./support/assert.ts";
import { jsQuote } from "../bridge/js_string.ts";
import { App } from "../mod.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";

// Strings that break naive quoting: quotes, backslashes, line and paragraph separators,
// control characters, a lone surrogate, astral characters and a closing script tag.
const TRICKY = [
  "",
  "'",
  "\\",
  "\\'",
  "'\\",
  '"',
  "\u2028\u2029",
  "\n\r\t\b\f\v\0",
  "\ud800",
  "\udfff x",
  "😀 é ß 中",
  "</script><script>alert(1)</script>",
  "${x}`",
  "\\u0041",
];

Deno.test("jsQuote: any JSON text evaluates back to itself inside a single-quoted literal", () => {
  const values: unknown[] = [...TRICKY, { k: TRICKY }, TRICKY.join("")];
  // Random strings over a small alphabet of the characters that matter.
  const alphabet = ["a", "'", '"', "\\", "\u2028", "\u2029", "\n", "\ud83d", "\ude00", "/"];
  for (let n = 0; n < 500; n++) {
    let s = "";
    for (let i = 0; i < n % 17; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
    values.push(s);
  }
  for (const v of values) {
    const json = JSON.stringify(v);
    const back = (0, eval)(`'${jsQuote(json)}'`);
    assertEquals(back, json, `quoting ${json}`);
    assertEquals(JSON.parse(back), v);
  }
});

Deno.test("events with tricky strings reach the page exactly as sent", WINDOW_TEST, async () => {
  await using app = new App({ config: false });
  const win = await app.show(
    `<script>window.got = []; panes.on("t:s", (d) => window.got.push(d));</script>`,
    { width: 200, height: 120 },
  );
  const payloads = [...TRICKY, { nested: TRICKY }];
  for (const p of payloads) win.emit("t:s", p);
  // Lone surrogates cannot survive JSON in UTF-16-clean form: JSON.stringify escapes them, so the
  // page gets the same code unit back.
  const got = await waitFor(
    () =>
      win.evalJs<string | false>(
        `window.got.length >= ${payloads.length} && JSON.stringify(window.got)`,
      ),
    { what: `the page to get all ${payloads.length} events` },
  );
  assertEquals(JSON.parse(got as string), payloads);
});
