/**
 * The demo: a window whose button calls a typed Deno command and whose
 * heading Deno updates through an event.
 *
 *   deno run -A examples/hello.ts
 *
 * With PANES_DEMO_SCREENSHOT=path.png it clicks the button itself, saves a
 * screenshot there, prints the path and exits (what `deno task demo` does
 * when there is no display).
 */
import { z } from "zod";
import { App, Commands } from "../mod.ts";

const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>panes demo</title>
<style>
  body { font: 18px system-ui, sans-serif; margin: 0; padding: 32px; background: #f8fafc; color: #0f172a; }
  #banner { background: rgb(37, 99, 235); color: white; padding: 24px; border-radius: 12px; }
  button { font-size: 18px; margin-top: 24px; padding: 8px 20px; }
</style></head>
<body>
  <div id="banner"><h1 id="status">Hello from panes</h1></div>
  <button id="greet">Greet Deno</button>
  <p id="reply">…</p>
  <script>
    document.getElementById("greet").onclick = async () => {
      document.getElementById("reply").textContent = await panes.invoke("greet", "page");
    };
    panes.on("demo:status", (data) => { document.getElementById("status").textContent = data.text; });
  </script>
</body></html>`;

const commands = new Commands()
  .command(
    "greet",
    { body: z.string() },
    ({ body, label }) => `Hello, ${body}! (from Deno, window ${label})`,
  );

await using app = new App({ commands });
const win = await app.show(html, { title: "panes demo", width: 640, height: 400, label: "main" });
win.on("app:*", (data, type) => console.log(type, data));
win.emit("demo:status", { text: `Deno ${Deno.version.deno} says hi` });

const shotPath = Deno.env.get("PANES_DEMO_SCREENSHOT");
if (shotPath) {
  await win.evalJs(`document.getElementById("greet").click()`);
  // Wait until the command's answer is on the page, then capture what is rendered.
  for (let i = 0; i < 100; i++) {
    if (
      (await win.evalJs<string>(`document.getElementById("reply").textContent`)).startsWith("Hello")
    ) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 150));
  await Deno.writeFile(shotPath, await win.proxy.screenshot());
  console.log(shotPath);
} else {
  await app.run();
}
