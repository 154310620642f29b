/**
 * Native menus: a File / Edit / View / Help menu bar with accelerators and a
 * check item, live updates, and a context menu on right click.
 *
 *   deno run -A examples/menus.ts
 *
 * With PANES_EXAMPLE_AUTORUN=1 it clicks a few items itself (through GTK's
 * action group), prints what happened and exits.
 * @module
 */

import { App, CheckMenuItem, Menu, MenuItem, PredefinedMenuItem, Submenu } from "../mod.ts";

const html = `<!doctype html>
<style>
  body { font: 15px system-ui, sans-serif; margin: 0; padding: 16px; }
  textarea { width: 100%; height: 180px; box-sizing: border-box; font: 14px monospace; }
  textarea.nowrap { white-space: pre; overflow-wrap: normal; overflow-x: scroll; }
  #status { color: #475569; margin-top: 8px; }
</style>
<textarea id="text" placeholder="Type here; try Ctrl+N, Ctrl+Shift+W, right click"></textarea>
<div id="status">Ready.</div>
<script>
  const text = document.getElementById("text");
  panes.on("app:status", (d) => { document.getElementById("status").textContent = d.text; });
  panes.on("app:new", () => { text.value = ""; text.focus(); });
  panes.on("app:wrap", (d) => text.classList.toggle("nowrap", !d.on));
  addEventListener("contextmenu", (e) => {
    e.preventDefault(); // our own native menu instead of WebKit's
    panes.emit("app:context", { x: e.clientX, y: e.clientY });
  });
</script>`;

await using app = new App();
let files = 0;
const status = (text: string) => app.emit("app:status", { text });

const wrap = new CheckMenuItem({
  id: "wrap",
  text: "Word &wrap",
  checked: true,
  accelerator: "CmdOrCtrl+Shift+W",
  handler: ({ checked }) => {
    app.emit("app:wrap", { on: checked });
    status(`Word wrap ${checked ? "on" : "off"}`);
  },
});
const recent = new Submenu("Open &Recent", []);
const newFile = new MenuItem({
  id: "new",
  text: "&New",
  accelerator: "CmdOrCtrl+N",
  handler: async (_data, _type, label) => {
    files++;
    app.emit("app:new", {}, label);
    status(`New file #${files}`);
    // Live update: the model changes and the native menu follows.
    await recent.append(
      new MenuItem({
        id: `recent-${files}`,
        text: `Untitled ${files}`,
        handler: () => status(`Reopened Untitled ${files}`),
      }),
    );
  },
});

const menu = new Menu("app-menu", [
  new Submenu("&File", [
    newFile,
    recent,
    PredefinedMenuItem.separator(),
    PredefinedMenuItem.closeWindow(),
    PredefinedMenuItem.quit(),
  ]),
  new Submenu("&Edit", [
    PredefinedMenuItem.undo(),
    PredefinedMenuItem.redo(),
    PredefinedMenuItem.separator(),
    PredefinedMenuItem.cut(),
    PredefinedMenuItem.copy(),
    PredefinedMenuItem.paste(),
    PredefinedMenuItem.selectAll(),
  ]),
  new Submenu("&View", [wrap, PredefinedMenuItem.fullscreen()]),
  new Submenu("&Help", [
    PredefinedMenuItem.about("About menus", {
      name: "panes menus",
      version: "1.0",
      comments: "Native GTK menus from Deno",
    }),
  ]),
]);

const context = new Menu("context", [
  new MenuItem({
    id: "ctx-new",
    text: "New",
    handler: () => newFile.handler({ item_id: "new", source: "context" }, "menu:click", "main"),
  }),
  PredefinedMenuItem.separator(),
  PredefinedMenuItem.copy(),
  PredefinedMenuItem.paste(),
]);

// Every click, whatever item, also arrives as menu:click.
app.on("menu:click", (data) => console.log("menu:click", JSON.stringify(data)));

const win = await app.show(html, {
  title: "panes menus",
  width: 560,
  height: 320,
  label: "main",
  menu,
});
win.on("app:context", (d) => {
  const { x, y } = d as { x: number; y: number };
  void context.popup(win, { x, y });
});

if (Deno.env.get("PANES_EXAMPLE_AUTORUN")) {
  // Tools only: activates items through GTK's action group, as a click would.
  const { windowMenuHost } = await import("../app/menu/window_host.ts");
  const host = windowMenuHost(win);
  await host.activate("bar", newFile);
  await host.activate("bar", wrap);
  await new Promise((r) => setTimeout(r, 300));
  console.log("status:", await win.evalJs("document.getElementById('status').textContent"));
  console.log("wrap checked:", wrap.checked);
  console.log("recent:", recent.items.map((i) => i.id).join(","));
} else {
  await app.run();
}
