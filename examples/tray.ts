/**
 * A tray icon (StatusNotifierItem) with a menu: show or hide the window,
 * a check item, and Quit. Closing the window hides it; the tray keeps the
 * app running until Quit.
 *
 *   deno run -A examples/tray.ts
 *
 * Needs a desktop with a StatusNotifier tray (KDE, XFCE, most panels; on
 * GNOME the AppIndicator extension); without one it says so and exits.
 * With PANES_EXAMPLE_AUTORUN=1 it prints its bus name and waits for Quit.
 * @module
 */

import { App, CheckMenuItem, Menu, MenuItem, PredefinedMenuItem, TrayError } from "../mod.ts";

// A 22×22 PNG: a blue disc with a white centre.
const icon = Uint8Array.fromBase64(
  "iVBORw0KGgoAAAANSUhEUgAAABYAAAAWCAYAAADEtGw7AAAAYklEQVR4nGJgGCigmvz6PzZMdQPJtoBYA0mygFxDCRpOE4MpNRSn4fgUowOiDSbFUJIMJ9VQQoaPGkx8UFAceTRLbjTNIEOvrKDUcLyGMpBhAdEGEmsB2QZSCgAAAAD//wMASZJU7rJ5lEwAAAAASUVORK5CYII=",
);

// Single mode: closing the window hides it instead of ending the app.
await using app = new App({ mode: "single" });
const win = await app.show(
  `<body style="font: 15px system-ui; padding: 16px">
     <h3>panes tray</h3><p id="state">Use the tray icon's menu.</p>
     <script>panes.on("app:state", (d) => document.getElementById("state").textContent = d.text)</script>
   </body>`,
  { title: "panes tray", width: 360, height: 200 },
);

let visible = true;
let quit!: () => void;
const done = new Promise<void>((resolve) => quit = resolve);

const toggle = new MenuItem({
  id: "toggle",
  text: "Hide window",
  handler: async () => {
    visible = !visible;
    await (visible ? win.showWindow() : win.hide());
    await toggle.setText(visible ? "Hide window" : "Show window");
  },
});
const dnd = new CheckMenuItem({
  id: "dnd",
  text: "Do not disturb",
  handler: ({ checked }) =>
    app.emit("app:state", { text: `Do not disturb: ${checked ? "on" : "off"}` }),
});
const menu = new Menu("tray-menu", [
  toggle,
  dnd,
  PredefinedMenuItem.separator(),
  new MenuItem({ id: "quit", text: "Quit", handler: () => quit() }),
]);

let tray;
try {
  tray = await app.createTray({ id: "example", tooltip: "panes tray example", icon, menu });
} catch (e) {
  if (!(e instanceof TrayError)) throw e;
  console.error(e.message);
  Deno.exit(1);
}
app.on("tray:click", (data) => console.log("tray:click", JSON.stringify(data)));
app.on("menu:click", (data) => console.log("menu:click", JSON.stringify(data)));
if (Deno.env.get("PANES_EXAMPLE_AUTORUN")) console.log("tray:", tray.busName);

await done;
console.log("quit");
