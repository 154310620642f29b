/** UI-thread commands (AppOptions.uiCommands): answered on the UI thread, under capabilities. */
import { assert, assertEquals } from "./support/assert.ts";
import { App, Commands } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const fixture = new URL("./support/ui_commands_fixture.ts", import.meta.url);

const tryCall = (cmd: string, body: unknown) =>
  `panes.invoke(${JSON.stringify(cmd)}, ${JSON.stringify(body)}).then(
     (v) => ({ ok: true, v }), (e) => ({ ok: false, code: e.code, message: e.message }))`;

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
    // The page calls while this isolate is blocked: only the UI thread can answer it then.
    await win.evalJs(
      `setTimeout(() => panes.invoke("add", { a: 1, b: 1 }).then(() => window.answeredAt = Date.now()), 300); 1`,
    );
    const blockedUntil = Date.now() + 2_500;
    while (Date.now() < blockedUntil) { /* main isolate busy */ }
    const answeredAt = await win.evalJs("window.answeredAt ?? null") as number | null;
    assert(answeredAt !== null, "the call was never answered");
    assert(answeredAt < blockedUntil, "the call waited for the main isolate");
    // Many calls at once: every one answered, each with its own result.
    const many = await win.evalJs(
      `Promise.all(Array.from({ length: 200 }, (_, i) => panes.invoke("add", { a: i, b: 1 })))`,
    ) as number[];
    assertEquals(many, Array.from({ length: 200 }, (_, i) => i + 1));
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
