// File dialogs run in their own process: after message dialogs, a later dialog sometimes
// never maps (see the report).
import { assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { answer } from "./support/dialog_answer.ts";

async function page(app: App, label = "main") {
  return await app.show(`${await guestScriptTag()}<p>dialogs</p>`, {
    label,
    width: 300,
    height: 200,
  });
}

Deno.test(
  "dialog: open and save return the paths typed into the GTK file chooser",
  WINDOW_TEST,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "panes-dialog-" });
    await Deno.writeTextFile(`${dir}/pick-me.txt`, "x");
    await using app = new App({
      config: false,
      plugins: ["dialog"],
      capabilities: ["dialog:default"],
    });
    const win = await page(app);
    await win.evalJs(
      `window.o = tauriGuest.dialog.open({ title: "panes-open", defaultPath: ${
        JSON.stringify(dir)
      } }), 0`,
    );
    await answer("panes-open", ["type", `${dir}/pick-me.txt`], ["key", "Return"]);
    assertEquals(await win.evalJs(`window.o`, { timeoutMs: 20_000 }), `${dir}/pick-me.txt`);
    await win.evalJs(
      `window.s = tauriGuest.dialog.save({ title: "panes-save", defaultPath: ${
        JSON.stringify(`${dir}/new.txt`)
      } }), 0`,
    );
    await answer("panes-save", ["key", "Return"]);
    assertEquals(await win.evalJs(`window.s`, { timeoutMs: 20_000 }), `${dir}/new.txt`);
    await win.evalJs(`window.c = tauriGuest.dialog.open({ title: "panes-cancel" }), 0`);
    await answer("panes-cancel", ["key", "Escape"]);
    assertEquals(await win.evalJs(`window.c`, { timeoutMs: 20_000 }), null);
  },
);
