// File dialogs run in their own process: after message dialogs, a later dialog sometimes
// never maps (see the report).
import { assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";

/** Answers the dialog titled `title` with keys, as a user would (xdotool, X11). */
async function answer(title: string, ...steps: Array<["key" | "type", string]>): Promise<void> {
  // Poll rather than --sync: xdotool aborts on BadWindow when another window vanishes mid-search.
  let id = "";
  let last = "";
  const end = Date.now() + 20_000;
  while (!id && Date.now() < end) {
    const find = await new Deno.Command("xdotool", {
      args: ["search", "--onlyvisible", "--name", `^${title}$`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    id = new TextDecoder().decode(find.stdout).trim().split("\n")[0];
    last = new TextDecoder().decode(find.stderr);
    if (!id) await new Promise((r) => setTimeout(r, 200));
  }
  if (!id) {
    const all = await new Deno.Command("xdotool", {
      args: ["search", "--name", "."],
      stdout: "piped",
      stderr: "null",
    }).output();
    const names = [];
    for (const w of new TextDecoder().decode(all.stdout).trim().split("\n").filter(Boolean)) {
      const n = await new Deno.Command("xdotool", {
        args: ["getwindowname", w],
        stdout: "piped",
        stderr: "null",
      }).output();
      names.push(new TextDecoder().decode(n.stdout).trim());
    }
    throw new Error(
      `no dialog titled ${title} within 20 s ${last} (windows: ${names.join(" | ")})`,
    );
  }
  await new Promise((r) => setTimeout(r, 300)); // let GTK map and focus its widgets
  await new Deno.Command("xdotool", { args: ["windowactivate", "--sync", id], stderr: "null" })
    .output();
  await new Deno.Command("xdotool", { args: ["windowfocus", "--sync", id], stderr: "null" })
    .output();
  for (const [kind, arg] of steps) {
    const args = kind === "key"
      ? ["key", "--window", id, arg]
      : ["type", "--window", id, "--delay", "20", arg];
    await new Deno.Command("xdotool", { args, stderr: "null" }).output();
    await new Promise((r) => setTimeout(r, 150));
  }
}

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
