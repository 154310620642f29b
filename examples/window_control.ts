/**
 * Window control: buttons in the page drive the native window through a
 * typed command, and the window's state (read back from the native window,
 * not remembered) is shown live.
 *
 *   deno run -A examples/window_control.ts
 *
 * With PANES_EXAMPLE_SMOKE=1 it presses a few buttons itself, prints the
 * state after each as one JSON line, and exits (what the tests run).
 */
import { z } from "zod";
import { App, Commands, type WindowHandle, type WindowProxy } from "../mod.ts";

const ACTIONS = [
  "maximize",
  "unmaximize",
  "minimize",
  "fullscreen",
  "leave-fullscreen",
  "center",
  "move",
  "grow",
  "shrink",
  "on-top",
  "not-on-top",
  "undecorate",
  "decorate",
  "fixed-size",
  "resizable",
  "zoom-in",
  "zoom-out",
  "hide-1s",
  "devtools",
  "close-devtools",
  "screenshot",
] as const;
type Action = typeof ACTIONS[number];

const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>Window control</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 0; padding: 16px; background: #f1f5f9; color: #0f172a; }
  #buttons { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 12px; }
  button { padding: 4px 10px; }
  table { border-collapse: collapse; background: white; }
  td { padding: 2px 10px; border-bottom: 1px solid #e2e8f0; font-family: ui-monospace, monospace; }
  #error { color: #b91c1c; min-height: 1.2em; }
</style></head>
<body>
  <div id="buttons">${ACTIONS.map((a) => `<button data-action="${a}">${a}</button>`).join("")}</div>
  <div id="error"></div>
  <table id="state"></table>
  <script>
    for (const b of document.querySelectorAll("button[data-action]")) {
      b.onclick = () => {
        document.getElementById("error").textContent = "";
        // kept on window so a script (the smoke run) can await the click's outcome
        window.lastAction = panes.invoke("window_action", { action: b.dataset.action }).then(
          (note) => { document.getElementById("error").textContent = note ?? ""; },
          (e) => { document.getElementById("error").textContent = e.message; },
        );
      };
    }
    panes.on("wc:state", (state) => {
      document.getElementById("state").innerHTML = Object.entries(state)
        .map(([k, v]) => "<tr><td>" + k + "</td><td>" + JSON.stringify(v) + "</td></tr>").join("");
    });
  </script>
</body></html>`;

/** What each button does; a returned string is shown under the buttons. */
function actions(p: WindowProxy): Record<Action, () => Promise<string | void>> {
  return {
    "maximize": () => p.maximize(),
    "unmaximize": () => p.unmaximize(),
    "minimize": async () => {
      await p.minimize();
      // Nothing on screen can restore it without a task bar: bring it back after a moment.
      setTimeout(() => p.unminimize().catch(() => {}), 1500);
      return "minimized for 1.5 s";
    },
    "fullscreen": () => p.setFullscreen(true),
    "leave-fullscreen": () => p.setFullscreen(false),
    "center": () => p.center(),
    "move": () => p.setPosition(40, 40),
    "grow": async () => {
      const s = await p.innerSize();
      await p.setSize(s.width + 80, s.height + 60);
    },
    "shrink": async () => {
      const s = await p.innerSize();
      await p.setSize(Math.max(300, s.width - 80), Math.max(200, s.height - 60));
    },
    "on-top": () => p.setAlwaysOnTop(true),
    "not-on-top": () => p.setAlwaysOnTop(false),
    "undecorate": () => p.setDecorations(false),
    "decorate": () => p.setDecorations(true),
    "fixed-size": () => p.setResizable(false),
    "resizable": () => p.setResizable(true),
    "zoom-in": async () => p.setZoom(Math.min(3, await p.zoom() + 0.25)),
    "zoom-out": async () => p.setZoom(Math.max(0.5, await p.zoom() - 0.25)),
    "hide-1s": async () => {
      await p.hide();
      await new Promise((r) => setTimeout(r, 1000));
      await p.show();
    },
    "devtools": () => p.openDevtools(),
    "close-devtools": () => p.closeDevtools(),
    "screenshot": async () => {
      const path = await Deno.makeTempFile({ prefix: "window_control_", suffix: ".png" });
      await Deno.writeFile(path, await p.screenshot());
      return `screenshot saved to ${path}`;
    },
  };
}

const publish = async (win: WindowHandle) => {
  if (!win.isClosed) win.emit("wc:state", await win.proxy.state().catch(() => ({})));
};

const commands = new Commands()
  .command(
    "window_action",
    { body: z.object({ action: z.enum(ACTIONS) }) },
    async ({ body, label }): Promise<string | null> => {
      const win: WindowHandle | undefined = app.window(label);
      if (!win) return null;
      try {
        return (await actions(win.proxy)[body.action]()) ?? null;
      } finally {
        await publish(win);
      }
    },
  );

const app: App = new App({ commands });
const win = await app.show(html, { title: "Window control", width: 720, height: 520 });
// Live state: on every native change the UI thread reports, and once a second for the rest.
for (const type of ["window:resize", "window:focus", "window:blur", "window:shown"]) {
  win.on(type, () => void publish(win));
}
const timer = setInterval(() => void publish(win), 1000);
await publish(win);

if (Deno.env.get("PANES_EXAMPLE_SMOKE") === "1") {
  for (const action of ["grow", "undecorate", "zoom-in", "decorate"] as const) {
    await win.evalJs(`document.querySelector('[data-action="${action}"]').click()`);
    await win.evalJs("window.lastAction"); // the command answered and published the state
    const shown = await win.evalJs<string>("document.getElementById('state').textContent");
    console.log(JSON.stringify({ action, state: await win.proxy.state(), shown }));
  }
  clearInterval(timer);
  await app.destroy();
} else {
  await app.run();
  clearInterval(timer);
  await app.destroy();
}
