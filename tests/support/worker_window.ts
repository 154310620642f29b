/** A window's worker for tests/worker_windows_test.ts and bench/worker_windows.ts. @module */

import { Channel, InvokeError, pane } from "../../worker.ts";
import { z } from "zod";

class Counter {
  n = 0;
}
pane.manage(new Counter());

pane.commands
  .command("whoami", {}, ({ label }) => `worker:${label}`)
  .command("echo", {}, ({ body }) => body)
  .command("count", {}, ({ state }) => ++state(Counter).n)
  .command("seq", { body: z.number().int() }, ({ body, window }) => {
    window.emit("app:seq", body);
    return body;
  })
  .command(
    "stream",
    { body: z.object({ n: z.number().int(), channel: Channel.of(z.number()) }) },
    ({ body: { n, channel } }) => {
      for (let i = 0; i < n; i++) channel.send(i);
      channel.sendBytes(new Uint8Array([1, 2, 3]));
      channel.close();
      return n;
    },
  )
  .command("bytes", { body: "bytes" }, ({ body }) => body.slice().reverse())
  .command("fail", {}, () => {
    throw new InvokeError("no luck", { hint: "retry" });
  })
  .command("boom", {}, () => {
    throw new Error("internal trouble");
  })
  .command("crash", {}, () => {
    setTimeout(() => {
      throw new Error("kaboom in the worker");
    }, 0);
    return new Promise(() => {}); // never answers: the crash answers it
  })
  .command("spin", {}, () => {
    for (;;) { /* a worker that loops forever */ }
  })
  .command("read", { body: z.string() }, async ({ body }) => {
    try {
      return { ok: true, text: await Deno.readTextFile(body) };
    } catch (e) {
      return { ok: false, name: (e as Error).name, message: (e as Error).message };
    }
  })
  .command("title", { body: z.string() }, async ({ body }) => {
    await pane.setTitle(body);
    return await pane.proxy.title();
  })
  .command("text", {}, () => pane.evalJs<string>("document.querySelector('p').textContent"))
  .command("to-host", {}, ({ body }) => {
    pane.emitToHost("app:from-worker", body);
    return true;
  })
  .command("windows", {}, ({ app }) => app.windows)
  .command("open-child", {}, async ({ body }) => {
    const { content, options } = body as { content: string; options?: Record<string, unknown> };
    try {
      return { ok: true, label: await pane.app.show(content, options) };
    } catch (e) {
      return { ok: false, message: (e as Error).message };
    }
  });

pane.on("app:ping", (data) => pane.emit("app:pong", data));

// Something observable while the worker lives: a tick to the host every 20 ms.
if (
  Deno.permissions.querySync({ name: "env" }).state === "granted" &&
  Deno.env.get("PANES_TEST_TICK") === "1"
) {
  setInterval(() => pane.emitToHost("app:tick", Date.now()), 20);
}
