/**
 * The test kit (`@panes/panes/testing`) against real windows: clicks, typing (non-ASCII too), key
 * presses that reach accelerators, waits that time out with what they saw, screenshots and their
 * comparison. `testing_kit_browser_test.ts` runs this same file on the browser transport.
 * @module
 */

import { assert, assertEquals, assertRejects, assertThrows } from "./support/assert.ts";
import { z } from "zod";
import { App, Commands, Menu, MenuItem, Submenu } from "../mod.ts";
import {
  assertScreenshot,
  decodePng,
  drive,
  encodePng,
  parseKeys,
  pixel,
  useVirtualDisplay,
  waitFor,
  waitForEvent,
} from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { NATIVE_ONLY, TRANSPORT } from "./support/transport.ts";

await useVirtualDisplay(); // the runner's display when it set one; else the kit starts its own

const commands = new Commands()
  .command("greet", { body: z.string() }, ({ body }) => `Hello, ${body}!`);

/** A button that asks Deno for a greeting and shows it; an input; key and click reports. */
const PAGE = `<body style="margin:0;font:16px sans-serif">
<button id=go style="width:120px;height:40px">Greet</button>
<p id=out>not yet</p>
<input id=name style="width:300px"> <p id=keys></p>
<script>
  go.addEventListener("click", async (e) => {
    panes.emit("app:clicked", { trusted: e.isTrusted });
    out.textContent = await panes.invoke("greet", "kit");
  });
  addEventListener("keydown", (e) => {
    if (e.ctrlKey && e.key === "s") {
      e.preventDefault();
      panes.emit("app:save", { trusted: e.isTrusted });
    }
    // Modifier keys arrive as keydowns of their own with real input: only the keys they modify.
    if (!["Control", "Shift", "Alt", "Meta"].includes(e.key)) {
      keys.textContent += (keys.textContent ? " " : "") + e.key;
    }
  });
</script></body>`;

Deno.test(
  "click: a real click reaches the page, which shows what the Deno handler answered",
  WINDOW_TEST,
  async () => {
    await using app = new App({ commands });
    const w = await drive(await app.show(PAGE, { width: 360, height: 240 }));
    assertEquals(w.transport, TRANSPORT);
    assertEquals(await w.text("#out"), "not yet");
    const clicked = w.waitForEvent<{ trusted: boolean }>("app:clicked");
    await w.window.evalJs(
      `window.ups = 0; document.getElementById("go").addEventListener("mouseup", () => ups++); 1`,
    );
    await w.click("#go");
    // click() returns once the page has the click, not only the X server: a script run right
    // after it sees it (else a caret moved next could be undone by the click arriving later).
    assertEquals(await w.window.evalJs("ups"), 1, "the page saw the click when click() returned");
    assertEquals(await clicked, { trusted: true }, "the click is a real (trusted) event");
    const shown = await w.waitFor(() => {
      const t = document.getElementById("out")!.textContent;
      return t !== "not yet" && t;
    });
    assertEquals(shown, "Hello, kit!");
    assertEquals(await w.text("#out"), "Hello, kit!");
  },
);

Deno.test(
  "type: fills an input with non-ASCII text through real key events",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const w = await drive(await app.show(PAGE, { width: 360, height: 240 }));
    const text = "Grüße, café — 日本語 ✓ Ab";
    await w.type("#name", text);
    assertEquals(await w.text("#name"), text);
    // Key events went through the page's handlers (the ASCII ones, at least, as keys).
    const keys = (await w.text("#keys")).split(" ");
    assert(keys.includes("G") && keys.includes("A"), `keydown saw the keys: ${keys.join(" ")}`);
    // Typing adds at the caret: a second type() appends.
    await w.type("#name", "!");
    assertEquals(await w.text("#name"), `${text}!`);
    // `replace` types over what the field holds.
    await w.type("#name", "neu", { replace: true });
    assertEquals(await w.text("#name"), "neu");
  },
);

Deno.test(
  "press: Ctrl+S reaches the page's shortcut handler as a real key event",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const w = await drive(await app.show(PAGE, { width: 360, height: 240 }));
    const saved = w.waitForEvent<{ trusted: boolean }>("app:save");
    await w.press("Ctrl+S");
    assertEquals(await saved, { trusted: true });
    // A sequence, in order; a plain letter is no shortcut.
    await w.press("x", "Shift+Y", "Enter");
    await w.waitFor(() => document.getElementById("keys")!.textContent!.endsWith("x Y Enter"));
    // Bad combinations are refused before any key is sent.
    await assertRejects(() => w.press("Ctrl+Banana"), TypeError, 'unknown key "Banana"');
    await assertRejects(() => w.press("Hyper+S"), TypeError, 'unknown modifier "Hyper"');
    await assertRejects(() => w.press(), TypeError, "at least one key");
    assertThrows(() => parseKeys(""), TypeError, "non-empty");
    assertEquals(parseKeys("CmdOrCtrl++"), { modifiers: ["Ctrl"], key: "Plus" });
  },
);

Deno.test(
  "press: Ctrl+S reaches a native menu accelerator (GTK takes the key before the page)",
  NATIVE_ONLY,
  async () => {
    await using app = new App();
    const calls: unknown[] = [];
    const save = new MenuItem({
      id: "save",
      text: "Save",
      accelerator: "CmdOrCtrl+S",
      handler: (data) => void calls.push(data),
    });
    const menu = new Menu("kit", [new Submenu("File", [save])]);
    const w = await drive(await app.show(PAGE, { width: 360, height: 240, menu }));
    const clicked = w.waitForEvent("menu:click");
    await w.press("Ctrl+S");
    assertEquals(await clicked, { item_id: "save", source: "accelerator" });
    assertEquals(calls, [{ item_id: "save", source: "accelerator" }]);
    // With a menu bar above the page, clicks still land on the element (the page sits lower).
    const clickedButton = w.waitForEvent("app:clicked");
    await w.click("#go");
    await clickedButton;
  },
);

Deno.test(
  "waits time out saying what they waited for and what they saw last",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const w = await drive(await app.show(PAGE, { width: 360, height: 240 }));
    // An event that never comes.
    let e = await assertRejects(
      () => w.waitForEvent("app:never", { timeout: 300 }),
      Error,
      'timed out after 300 ms waiting for event "app:never"',
    );
    assert(e.message.includes('saw no "app:never" event'), e.message);
    // Events that come but do not match `where`: the last one is named.
    const picky = w.waitForEvent<{ n: number }>("app:count", {
      timeout: 1500,
      where: (d) => d.n > 5,
    });
    await w.evalJs(`panes.emit("app:count", { n: 1 }); panes.emit("app:count", { n: 2 })`);
    e = await assertRejects(() => picky, Error, "saw 2");
    assert(e.message.includes('the last: {"n":2}') && e.message.includes("d.n > 5"), e.message);
    // The positive control: the same wait, fed an event that matches.
    const ok = w.waitForEvent<{ n: number }>("app:count", { where: (d) => d.n > 5 });
    await w.evalJs(`panes.emit("app:count", { n: 3 }); panes.emit("app:count", { n: 6 })`);
    assertEquals(await ok, { n: 6 });
    // A selector that never matches, and a predicate that stays false.
    e = await assertRejects(() => w.waitFor("#missing", { timeout: 300 }), Error, '"#missing"');
    assert(e.message.includes("no element matches") && e.message.includes("not yet"), e.message);
    e = await assertRejects(
      () => w.waitFor(() => document.title === "never", { timeout: 300 }),
      Error,
      'document.title === "never"',
    );
    assert(e.message.includes("last saw false"), e.message);
    await assertRejects(
      () => w.click("#nothing", { timeout: 300 }),
      Error,
      'an element matching "#nothing"',
    );
    await assertRejects(() => w.text("#nothing"), Error, 'no element matches "#nothing"');
    await assertRejects(() => w.waitFor("#[bad"), TypeError, '"#[bad" is not a valid CSS selector');
  },
);

Deno.test("waitFor on the Deno side: a condition or options second; timeouts say what", async () => {
  // Options second: the value's truthiness is the condition, and the value is what resolves.
  let n = 0;
  const got = await waitFor(() => ++n >= 3 && { n }, { what: "n to reach 3", interval: 5 });
  assertEquals(got, { n: 3 });
  // A condition second, then the options (the original form).
  assertEquals(await waitFor(() => n++, (v) => v >= 5, { interval: 5 }), 5);
  // A read that throws counts as not yet; the timeout names what it waited for and the error.
  let e = await assertRejects(
    () =>
      waitFor(() => {
        throw new Error("not ready");
      }, { what: "the reader to stop failing", timeout: 100 }),
    Error,
    "timed out after 100 ms waiting for the reader to stop failing",
  );
  assert(e.message.includes("last saw an error: not ready"), e.message);
  // A value that stays falsy: the last one is named, and a huge one is cut short.
  e = await assertRejects(
    () => waitFor(() => "x".repeat(5000) && 0, { what: "a zero to turn", timeout: 100 }),
    Error,
    "waiting for a zero to turn; last saw 0",
  );
  e = await assertRejects(
    () => waitFor(() => "y".repeat(5000), () => false, { timeout: 100 }),
    Error,
    "waiting for the condition; last saw",
  );
  assert(e.message.length < 700 && e.message.endsWith("…"), `${e.message.length} characters`);
  // Anything else second is a mistake, said at once.
  await assertRejects(
    // deno-lint-ignore no-explicit-any
    () => waitFor(() => true, "what" as any),
    TypeError,
    "the second argument is a function (the condition) or the options",
  );
});

Deno.test(
  "waitForEvent on a window or on the app, without drive(): where, and timeouts that say from what",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const win = await app.show(PAGE, { width: 360, height: 240 });
    const fromApp = waitForEvent<{ n: number }>(app, "app:count", { where: (d) => d.n === 2 });
    const fromWindow = waitForEvent<{ n: number }>(win, "app:count");
    await win.evalJs(`panes.emit("app:count", { n: 1 }); panes.emit("app:count", { n: 2 })`);
    assertEquals(await fromWindow, { n: 1 });
    assertEquals(await fromApp, { n: 2 });
    await assertRejects(
      () => waitForEvent(app, "app:never", { timeout: 300 }),
      Error,
      'timed out after 300 ms waiting for event "app:never" from the app; saw no "app:never" event',
    );
    await assertRejects(
      () => waitForEvent(win, "app:never", { timeout: 300 }),
      Error,
      `waiting for event "app:never" from window "${win.label}"`,
    );
    await assertRejects(
      // deno-lint-ignore no-explicit-any
      () => waitForEvent({} as any, "app:count"),
      TypeError,
      "the source must be a window or an app",
    );
  },
);

Deno.test(
  "screenshots: a region matches a saved PNG; a changed pixel region fails and writes the diff",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const blocks = `<body style="margin:0;background:#fff">
      <div id=a style="position:absolute;left:0;top:0;width:40px;height:40px;background:#f00"></div>
      <div id=b style="position:absolute;left:40px;top:0;width:40px;height:40px;background:#00f"></div>
      </body>`;
    const w = await drive(await app.show(blocks, { width: 360, height: 240 }));
    const dir = await Deno.makeTempDir({ prefix: "panes-kit-shot-" });
    try {
      // The expected image, made independently of any screenshot: red | blue, 80×40.
      const rgba = new Uint8Array(80 * 40 * 4);
      for (let i = 0; i < 80 * 40; i++) {
        rgba.set(i % 80 < 40 ? [255, 0, 0, 255] : [0, 0, 255, 255], i * 4);
      }
      const expected = `${dir}/blocks.png`;
      await Deno.writeFile(expected, await encodePng(80, 40, rgba));
      const region = { x: 0, y: 0, width: 80, height: 40 };
      // Painting lags the page being ready: retry until the region is as drawn.
      const end = Date.now() + 10_000;
      for (;;) {
        try {
          await w.assertScreenshot(expected, { region });
          break;
        } catch (err) {
          if (Date.now() > end) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      for (const f of ["blocks.actual.png", "blocks.diff.png"]) {
        await assertRejects(() => Deno.stat(`${dir}/${f}`), Deno.errors.NotFound);
      }
      // A 10×10 part of the blue block turns green: the comparison fails and says where.
      await w.evalJs(`document.body.insertAdjacentHTML("beforeend",
        '<div style="position:absolute;left:50px;top:10px;width:10px;height:10px;background:#0f0"></div>')`);
      await w.waitFor(() => document.body.children.length === 3);
      let e: Error | undefined;
      const end2 = Date.now() + 10_000;
      while (!e && Date.now() < end2) {
        e = await w.assertScreenshot(expected, { region }).then(() => undefined, (x) => x);
        if (!e) await new Promise((r) => setTimeout(r, 100));
      }
      assert(e, "the comparison must fail once the page changed");
      assert(e.message.includes("100 pixels beyond a tolerance of 8"), e.message);
      assert(e.message.includes('{"x":50,"y":10,"width":10,"height":10}'), e.message);
      // The diff: red exactly on the changed square, faded elsewhere.
      const diff = await decodePng(await Deno.readFile(`${dir}/blocks.diff.png`));
      assertEquals([diff.width, diff.height], [80, 40]);
      let red = 0;
      for (let y = 0; y < 40; y++) {
        for (let x = 0; x < 80; x++) {
          const [r, g, b] = pixel(diff, x, y);
          const inside = x >= 50 && x < 60 && y >= 10 && y < 20;
          if (r === 255 && g === 0 && b === 0) {
            red++;
            assert(inside, `a red diff pixel outside the change at ${x},${y}`);
          }
        }
      }
      assertEquals(red, 100);
      const actual = await decodePng(await Deno.readFile(`${dir}/blocks.actual.png`));
      assertEquals(pixel(actual, 55, 15).slice(0, 3), [0, 255, 0]);
      // Within a tolerance that allows 100 pixels, the same screenshot passes.
      await w.assertScreenshot(expected, { region, maxDiffPixels: 100 });
      // A region outside the screenshot is a clear error.
      await assertRejects(
        () => w.assertScreenshot(expected, { region: { x: 0, y: 0, width: 5000, height: 10 } }),
        RangeError,
        "is not inside",
      );
      // No saved image: a failure that leaves the screenshot to review; `update` saves it.
      await assertRejects(
        () => assertScreenshot(rgbaPng(rgba), `${dir}/new.png`),
        Error,
        "no saved screenshot",
      );
      await Deno.stat(`${dir}/new.actual.png`);
      await w.assertScreenshot(`${dir}/new.png`, { region, update: true });
      await w.assertScreenshot(`${dir}/new.png`, { region });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

/** The 80×40 test pattern as an image (not PNG bytes). */
function rgbaPng(rgba: Uint8Array) {
  return { width: 80, height: 40, data: rgba };
}
