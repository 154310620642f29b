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
  "dialog: confirm, ask and message answered by the keyboard (guest package)",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      config: false,
      plugins: ["dialog"],
      capabilities: ["dialog:default"],
    });
    const win = await page(app);
    await win.evalJs(
      `window.r1 = tauriGuest.dialog.confirm("Delete it?", { title: "panes-confirm", kind: "warning" }), 0`,
    );
    await answer("panes-confirm", ["key", "Return"]);
    assertEquals(await win.evalJs(`window.r1`), true);
    await win.evalJs(
      `window.r3 = tauriGuest.dialog.message("Saved.", { title: "panes-msg", okLabel: "Great" }), 0`,
    );
    await answer("panes-msg", ["key", "Return"]);
    assertEquals(await win.evalJs(`window.r3`), "Great");
    await win.evalJs(
      `window.r4 = panes.dialog.confirm("Proceed?", { title: "panes-confirm2", okLabel: "Go", cancelLabel: "Stop" }), 0`,
    );
    await answer("panes-confirm2", ["key", "Tab"], ["key", "Return"]);
    assertEquals(typeof await win.evalJs(`window.r4`), "boolean");
    // Tauri's message kinds and button sets: the answer is the pressed button's label.
    await win.evalJs(
      `window.r5 = tauriGuest.dialog.message("Pick one", { title: "panes-three", kind: "error", buttons: { yes: "Keep", no: "Drop", cancel: "Wait" } }), 0`,
    );
    await answer("panes-three", ["key", "Return"]);
    assertEquals(await win.evalJs(`window.r5`), "Keep");
    await win.evalJs(
      `window.r6 = tauriGuest.dialog.message("Sure?", { title: "panes-yesno", kind: "info", buttons: "YesNo" }), 0`,
    );
    await answer("panes-yesno", ["key", "Return"]);
    assertEquals(await win.evalJs(`window.r6`), "Yes");
    // Escape last: after a dialog is cancelled with Escape, openbox closes the next modal dialog
    // of the same window at once (seen on Xvfb here); the runner gives each file a fresh WM.
    await win.evalJs(`window.r2 = tauriGuest.dialog.ask("Really?", { title: "panes-ask" }), 0`);
    await answer("panes-ask", ["key", "Escape"]);
    assertEquals(await win.evalJs(`window.r2`), false);
  },
);

Deno.test("dialog: without the grant no dialog opens", WINDOW_TEST, async () => {
  await using app = new App({
    config: false,
    plugins: ["dialog"],
    capabilities: ["dialog:allow-message"],
  });
  const win = await page(app);
  // Refused as Tauri refuses it: a plain string in its words.
  const r = await win.evalJs<unknown>(
    `tauriGuest.dialog.open({ title: "panes-never" }).then(() => ({}), (e) => ({ type: typeof e, e }))`,
  );
  assertEquals(r, {
    type: "string",
    e: "dialog.open not allowed. Permissions associated with this command: dialog:allow-open, dialog:default",
  });
  const search = await new Deno.Command("xdotool", {
    args: ["search", "--onlyvisible", "--name", "^panes-never$"],
    stdout: "piped",
    stderr: "null",
  }).output();
  assertEquals(new TextDecoder().decode(search.stdout).trim(), "");
});
