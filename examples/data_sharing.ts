/**
 * Every example of PyTauri's data-sharing guide in one panes app: commands
 * (greet, create_user, risky_operation, upload_file), channels (stream_data,
 * stream_ai_chat), state (increment_counter, add_message, get_user_info),
 * events both ways, and JS evaluation. The page uses `window.__TAURI__`
 * (pyInvoke, Channel, event) exactly as a PyTauri frontend would.
 *
 *   deno run -A examples/data_sharing.ts
 *
 * With PANES_EXAMPLE_AUTORUN=1 it clicks every button itself, prints the
 * page's log and exits.
 */
import { z } from "zod";
import { App, Channel, Commands, InvokeError } from "../mod.ts";

class AppState {
  counter = 0;
  userName = "Ada";
}
class ChatState {
  messages: string[] = [];
}

const commands = new Commands()
  .command("greet", { body: z.string() }, ({ body }) => `Hello, ${body}!`)
  .command(
    "create_user",
    { body: z.object({ name: z.string(), email: z.string().email(), age: z.number().int() }) },
    ({ body }) => ({ message: `Created ${body.name}`, user_id: 123 }),
  )
  .command("risky_operation", {}, () => {
    throw new InvokeError("Something went wrong!");
  })
  .command("upload_file", { body: "bytes" }, ({ body, headers }) => {
    console.log(
      `upload_file: ${body.length} bytes, content-type ${headers["content-type"] ?? "-"}`,
    );
    return body.length;
  })
  .command("stream_data", { body: Channel.of(z.string()) }, async ({ body: channel }) => {
    for (let i = 0; i < 10; i++) {
      channel.send(`Message ${i}`);
      await new Promise((r) => setTimeout(r, 30));
    }
    channel.close();
  })
  .command(
    "stream_ai_chat",
    { body: Channel.of(z.object({ text: z.string(), done: z.boolean() })) },
    async ({ body: channel }) => {
      for (const text of ["Hello", " there", "!", " How", " can", " I", " help?"]) {
        channel.send({ text, done: false });
        await new Promise((r) => setTimeout(r, 20));
      }
      channel.send({ text: "", done: true });
      channel.close();
    },
  )
  .command("increment_counter", {}, ({ state }) => ++state(AppState).counter)
  .command("add_message", { body: z.string() }, ({ body, state, app }) => {
    state(ChatState).messages.push(body);
    // The same object through the app, as Manager.state does in PyTauri.
    if (app.state(ChatState) !== state(ChatState)) throw new Error("state mismatch");
  })
  .command("get_user_info", {}, ({ state }) => ({
    counter: state(AppState).counter,
    user: state(AppState).userName,
    message_count: state(ChatState).messages.length,
  }));

const html = `<!doctype html><meta charset="utf-8"><title>data sharing</title>
<style>body{font:14px system-ui;margin:16px} button{margin:2px} #log{white-space:pre;font:12px monospace}</style>
<h3 id="status">Data sharing</h3><div id="chat"></div>
<div id="buttons"></div><pre id="log"></pre>
<script>
  const { pyInvoke } = window.__TAURI__.pytauri;
  const { Channel } = window.__TAURI__.core;
  const { listen, emit } = window.__TAURI__.event;
  const log = (...a) => { document.getElementById("log").textContent += a.map((x) => typeof x === "string" ? x : JSON.stringify(x)).join(" ") + "\\n"; };
  window.updateUI = (v) => log("updateUI", v);
  const actions = {
    greet: async () => log(await pyInvoke("greet", "World")),
    create_user: async () => log(await pyInvoke("create_user", { name: "Alice", email: "alice@example.com", age: 30 })),
    risky_operation: async () => { try { await pyInvoke("risky_operation"); } catch (e) { log("risky_operation failed:", e); } }, // a plain string, as PyTauri's
    upload_file: async () => log("uploaded", await pyInvoke("upload_file", new Uint8Array([1, 2, 3, 4]), { headers: { "content-type": "application/octet-stream" } })),
    stream_data: async () => { const got = []; await pyInvoke("stream_data", new Channel((m) => got.push(m))); await new Promise((r) => setTimeout(r, 50)); log("stream_data", got.length, got[0], got[9]); },
    stream_ai_chat: async () => { let full = ""; await pyInvoke("stream_ai_chat", new Channel((c) => { if (!c.done) { full += c.text; document.getElementById("chat").textContent = full; } })); await new Promise((r) => setTimeout(r, 50)); log("chat:", full); },
    state: async () => { log("counter", await pyInvoke("increment_counter")); await pyInvoke("add_message", "Hello from frontend!"); log(await pyInvoke("get_user_info")); },
    emit: async () => emit("frontend-action", { action: "save" }),
  };
  for (const name of Object.keys(actions)) {
    const b = document.createElement("button"); b.textContent = name; b.onclick = actions[name];
    document.getElementById("buttons").appendChild(b);
  }
  window.runAll = async () => { for (const f of Object.values(actions)) await f(); return document.getElementById("log").textContent; };
  listen("data-updated", (e) => log("data-updated", e.payload));
  listen("notification", (e) => log("notification", e.payload));
  listen("alert", (e) => log("alert", e.payload));
</script>`;

await using app = new App({ commands });
app.manage(new AppState());
app.manage(new ChatState());
app.events.listen("frontend-action", (e) => {
  console.log(`frontend-action from ${e.label}:`, e.payload);
  // Events from the backend: to all windows, to one window, and filtered.
  app.events.emit("data-updated", { status: "updated", count: 42 });
  app.events.emitTo("main", "notification", { message: "Hello from backend" });
  app.events.emitFilter("alert", { priority: "high" }, (t) => "label" in t && t.label === "main");
});
const win = await app.show(html, {
  title: "panes: data sharing",
  width: 720,
  height: 520,
  label: "main",
});
// Direct JavaScript evaluation.
win.eval("console.log('Hello from Deno!')");
win.eval("document.getElementById('status').textContent = 'Updated from backend'");
win.eval("window.updateUI({ data: 'new value' })");

if (Deno.env.get("PANES_EXAMPLE_AUTORUN")) {
  const text = await win.evalJs<string>("runAll()", { timeoutMs: 20_000 });
  await new Promise((r) => setTimeout(r, 200));
  console.log(
    text +
      (await win.evalJs<string>("document.getElementById('log').textContent")).slice(text.length),
  );
} else {
  await app.run();
}
