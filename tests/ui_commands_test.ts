/** UI-thread commands (AppOptions.uiCommands): answered on the UI thread, under capabilities. */
import { assert, assertEquals } from "./support/assert.ts";
import { App, Commands, type WindowHandle } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const fixture = new URL("./support/ui_commands_fixture.ts", import.meta.url);

const tryCall = (cmd: string, body: unknown) =>
  `panes.invoke(${JSON.stringify(cmd)}, ${JSON.stringify(body)}).then(
     (v) => ({ ok: true, v }), (e) => ({ ok: false, code: e.code, message: e.message }))`;

/**
 * Whether a call the page makes 300 ms after this returns is answered while this isolate is
 * blocked (2.5 s): only the UI thread can answer it then. Up to 10 attempts (a loaded machine can
 * answer before main gets to its block); `call(n)` makes attempt n's call, a promise of whether
 * its answer is the expected one.
 */
async function answeredWhileBlocked(
  win: WindowHandle,
  call: (attempt: number) => string,
): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt++) {
    // The page records which attempt's call was answered: a late answer to an earlier attempt,
    // arriving during this one's block, names that earlier attempt and does not count.
    await win.evalJs(
      `window.answered = null; setTimeout(() => ${call(attempt)}
         .then((own) => { if (own) window.answered = [${attempt}, Date.now()]; }), 300); 1`,
    );
    const from = Date.now();
    const until = from + 2_500;
    while (Date.now() < until) { /* main isolate busy */ }
    const a = await win.evalJs("window.answered") as [number, number] | null;
    if (a !== null && a[0] === attempt && a[1] > from && a[1] < until) return true;
  }
  return false;
}

Deno.test(
  "UI-thread commands answer on the UI thread, even while main is busy",
  WINDOW_TEST,
  async () => {
    await using app = new App({ uiCommands: fixture, config: false });
    const win = await app.show("<p>ui</p>", { label: "ui", width: 300, height: 200 });
    assertEquals(await win.evalJs(tryCall("add", { a: 2, b: 40 })), { ok: true, v: 42 });
    assertEquals(await win.evalJs(tryCall("where", null)), {
      ok: true,
      v: { mainThread: false, label: "ui" },
    });
    // The page calls while this isolate is blocked: only the UI thread can answer it then. (An
    // attempt whose call was answered before main got to its block does not count: a loaded
    // machine can be that slow; each attempt's call carries its own number.)
    assert(
      await answeredWhileBlocked(
        win,
        (n) => `panes.invoke("add", { a: ${n}, b: 0 }).then((v) => v === ${n})`,
      ),
      "no call was answered while the main isolate was blocked",
    );
    // Many calls at once: every one answered, each with its own result.
    const many = await win.evalJs(
      `Promise.all(Array.from({ length: 200 }, (_, i) => panes.invoke("add", { a: i, b: 1 })))`,
    ) as number[];
    assertEquals(many, Array.from({ length: 200 }, (_, i) => i + 1));
  },
);

Deno.test(
  "UI-thread commands: large JSON and binary bodies (POSTs) are answered on the UI thread too, as granted",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      uiCommands: fixture,
      config: false,
      capabilities: [
        {
          identifier: "m",
          windows: ["granted"],
          permissions: ["app:allow-measure", "app:allow-calls"],
        },
      ],
    });
    const granted = await app.show("<p>granted</p>", { label: "granted", width: 300, height: 200 });
    const plain = await app.show("<p>plain</p>", { label: "plain", width: 300, height: 200 });
    // 60,000 items (~600 KiB of JSON: above the 32 KiB where the page POSTs the body), and the
    // same JSON as bytes (as PyTauri's pyInvoke sends it: a POST always).
    const big = `Array.from({ length: 60000 }, (_, i) => "item-" + i)`;
    const jsonCall = `panes.invoke("measure", ${big})`;
    const bytesCall = `panes.invoke("measure", new TextEncoder().encode(JSON.stringify(${big})))`;
    const expected = { items: 60000, last: "item-59999", mainThread: false };
    assertEquals(await granted.evalJs(jsonCall), expected);
    assertEquals(await granted.evalJs(bytesCall), expected);
    // Bytes that are not JSON: main's error, as before.
    assertEquals(
      await granted.evalJs(
        `panes.invoke("measure", new Uint8Array(70000).fill(3)).then(() => "ran", (e) => e.code)`,
      ),
      "invalid-body",
    );
    // Refused where not granted (the same calls), and nothing ran.
    const count = () => granted.evalJs(`panes.invoke("calls")`) as Promise<number>;
    const before = await count();
    for (const call of [jsonCall, bytesCall]) {
      const r = await plain.evalJs(
        `${call}.then((v) => ({ ok: true, v }), (e) => ({ ok: false, code: e.code }))`,
      );
      assertEquals(r, { ok: false, code: "forbidden" });
    }
    assertEquals(await count(), before, "a refused call ran");
    // Answered while this isolate is blocked: the POST never went through main. (Each attempt's
    // call carries its own number: a late answer to an earlier attempt does not count.)
    assert(
      await answeredWhileBlocked(
        granted,
        (n) =>
          `panes.invoke("measure", [...${big}, "attempt-${n}"]).then((v) => v.last === "attempt-${n}")`,
      ),
      "no large-body call was answered while the main isolate was blocked",
    );
  },
);

Deno.test("UI-thread commands: errors as for any command", WINDOW_TEST, async () => {
  await using app = new App({ uiCommands: fixture, config: false });
  const win = await app.show("<p>ui</p>", { label: "errors", width: 300, height: 200 });
  assertEquals(await win.evalJs(tryCall("refuse", {})), {
    ok: false,
    code: "teapot",
    message: "not today",
  });
  const crash = await win.evalJs(tryCall("crash", {})) as { ok: boolean; message: string };
  assertEquals(crash.ok, false);
  assert(!crash.message.includes("secret"), "internal error details must not reach the page");
  const later = await win.evalJs(tryCall("later", {})) as { ok: boolean; message: string };
  assertEquals(later.ok, false);
  assert(later.message.includes("must be synchronous"), later.message);
  assertEquals(await win.evalJs(tryCall("nope", {})), {
    ok: false,
    code: "unknown-command",
    message: 'unknown command "nope"',
  });
});

Deno.test(
  "UI-thread commands obey capabilities: refused where not granted, nothing runs",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      uiCommands: fixture,
      config: false,
      capabilities: [
        {
          identifier: "adder",
          windows: ["granted"],
          permissions: ["app:allow-add", "app:allow-calls"],
        },
      ],
    });
    const granted = await app.show("<p>granted</p>", { label: "granted", width: 300, height: 200 });
    const plain = await app.show("<p>plain</p>", { label: "plain", width: 300, height: 200 });
    const before = await granted.evalJs(`panes.invoke("calls")`) as number;
    const refused = await plain.evalJs(tryCall("add", { a: 1, b: 2 })) as {
      ok: boolean;
      code: string;
    };
    assertEquals(refused.ok, false);
    assertEquals(refused.code, "forbidden");
    assertEquals(await granted.evalJs(`panes.invoke("calls")`), before, "a refused call ran");
    // Positive control: the same call from the window the capability names.
    assertEquals(await granted.evalJs(tryCall("add", { a: 1, b: 2 })), { ok: true, v: 3 });
    assertEquals(await granted.evalJs(`panes.invoke("calls")`), before + 1);
  },
);

Deno.test(
  "UI-thread commands: a name the app's commands use too is an error at show()",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      uiCommands: fixture,
      config: false,
      commands: new Commands().command("add", {}, () => 0),
    });
    let message = "";
    try {
      await app.show("<p>x</p>", { label: "clash", width: 200, height: 100 });
    } catch (e) {
      message = (e as Error).message;
    }
    assert(message.includes("add is also an app command"), message);
  },
);
