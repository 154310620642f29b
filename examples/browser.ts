/**
 * The browser transport: the same app, served on 127.0.0.1 and shown in a
 * browser instead of a native window — for a machine without a display (a
 * remote box, a container, CI), or any browser you like. Commands, state,
 * channels and events work as they do in a native window.
 *
 *   deno run -A examples/browser.ts                        # opens the system browser (xdg-open)
 *   PANES_BROWSER="chromium --app" deno run -A examples/browser.ts
 *   PANES_OPEN=0 deno run -A examples/browser.ts           # only prints a link (e.g. for an SSH tunnel)
 *
 * Links are one-time: the first browser to open one gets the window's
 * session cookie; `win.proxy.url()` makes a new link for another browser.
 *
 * With PANES_EXAMPLE_AUTORUN=1 it presses the buttons itself, prints what the
 * page shows and exits (set PANES_BROWSER to a headless browser for that).
 */
import { z } from "zod";
import { App, Channel, Commands } from "../mod.ts";

class Counter {
  n = 0;
}

const commands = new Commands()
  .command("add", { body: z.number().int() }, ({ body, state }) => state(Counter).n += body)
  .command(
    "countdown",
    { body: z.object({ from: z.number().int().min(0).max(10), channel: Channel.of(z.number()) }) },
    async ({ body: { from, channel } }) => {
      for (let i = from; i >= 0; i--) {
        channel.send(i);
        await new Promise((r) => setTimeout(r, 100));
      }
      channel.close();
      return "liftoff";
    },
  );

const html = `<!doctype html><meta charset="utf-8">
<style>
  html.dark body { background: #111827; color: #f9fafb; }
  body { font: 16px system-ui; padding: 24px; }
  button { font: inherit; margin-right: 8px; }
</style>
<h2>panes, in a browser</h2>
<p>Clock from Deno: <b id="clock">…</b></p>
<p><button id="add">Add 1</button> count: <b id="count">0</b></p>
<p><button id="go">Countdown</button> <b id="countdown"></b></p>
<script>
  panes.on("app:tick", (d) => document.getElementById("clock").textContent = d.now);
  document.getElementById("add").onclick = async () => {
    document.getElementById("count").textContent = await panes.invoke("add", 1);
  };
  document.getElementById("go").onclick = async () => {
    const out = document.getElementById("countdown");
    const channel = new panes.Channel((n) => out.textContent = String(n));
    out.textContent = await panes.invoke("countdown", { from: 3, channel });
    panes.emit("app:done", { said: out.textContent });
  };
</script>`;

await using app = new App({ transport: "browser", commands, theme: "dark" });
app.manage(new Counter());
const win = await app.show(html, { title: "panes in a browser" });
const tick = () => win.emit("app:tick", { now: new Date().toLocaleTimeString("en-GB") });
tick();
const clock = setInterval(tick, 1000);
win.on("app:done", (d) => console.log("the page says:", JSON.stringify(d)));

if (Deno.env.get("PANES_EXAMPLE_AUTORUN") === "1") {
  const done = new Promise((r) => win.on("app:done", r));
  await win.evalJs(
    `document.getElementById("add").click(); document.getElementById("add").click()`,
  );
  await win.evalJs(`document.getElementById("go").click()`);
  await done;
  const shown = await win.evalJs(
    `[...document.querySelectorAll("b")].map((b) => b.textContent)`,
  );
  console.log("page shows:", JSON.stringify(shown));
  console.log("counter on the host:", app.state(Counter).n);
} else {
  // A fresh one-time link: for another browser or tab (the first one was opened, or printed).
  console.log(`panes: another tab can open ${await win.proxy.url()} (Ctrl+C ends the app)`);
  await app.run();
}
clearInterval(clock);
