/**
 * Events across the trust boundary: a remote origin sends and hears app events only through a
 * capability that grants it `core:*` (as `plugin:event|*` already required), and pages cannot
 * emit the names the host reserves for itself. Each refusal runs beside an allowed twin.
 */
import { assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const small = { width: 320, height: 240 };

/** A page that records the app events it hears. */
const REMOTE_PAGE = `<p id=remote>remote</p><script>
  window.heard = [];
  panes.on("app:broadcast", (d) => window.heard.push(d));
</script>`;

Deno.test(
  "a remote origin hears and sends app events only with a core grant",
  WINDOW_TEST,
  async () => {
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () => new Response(REMOTE_PAGE, { headers: { "content-type": "text/html" } }),
    );
    const port = server.addr.port;
    try {
      await using app = new App({
        config: false,
        plugins: ["os"],
        capabilities: [
          // 127.0.0.1 gets one os command and nothing else: no events either way.
          {
            identifier: "plain",
            windows: ["plain"],
            remote: { urls: [`http://127.0.0.1:${port}/*`] },
            permissions: ["os:allow-platform"],
          },
          // localhost gets the same plus core: events both ways (the positive control).
          {
            identifier: "eventful",
            windows: ["eventful"],
            remote: { urls: [`http://localhost:${port}/*`] },
            permissions: ["os:allow-platform", "core:default"],
          },
        ],
      });
      const heard: string[] = [];
      app.on("app:*", (_d, type, label) => heard.push(`${label} ${type}`));
      const plain = await app.show("<p>local</p>", { label: "plain", ...small });
      const eventful = await app.show("<p>local</p>", { label: "eventful", ...small });
      plain.eval(`location.href = "http://127.0.0.1:${port}/"`);
      eventful.eval(`location.href = "http://localhost:${port}/"`);
      for (const w of [plain, eventful]) {
        await waitFor(
          () => w.evalJs<boolean>("!!document.getElementById('remote')").catch(() => false),
          { what: `the remote page in ${w.label}`, timeout: 20_000 },
        );
      }
      // Both pages' bridges work: the command each capability grants answers.
      for (const w of [plain, eventful]) {
        assertEquals(await w.evalJs(`__TAURI__.core.invoke("plugin:os|platform")`), "linux");
      }
      for (const w of [plain, eventful]) {
        await w.evalJs(`panes.emit("app:raw", 1), 0`);
        await w.evalJs(
          `__TAURI__.event.emit("app:tauri", 1).then(() => "ok", (e) => typeof e + ": " + e)`,
        ).then((r) => {
          // Refused as Tauri refuses it: a plain string in its words.
          assertEquals(
            r,
            w.label === "plain"
              ? "string: event.emit not allowed. Permissions associated with this command: core:event:allow-emit, core:event:default"
              : "ok",
            `${w.label} Tauri emit`,
          );
        });
      }
      app.emit("app:broadcast", { secret: true });
      await waitFor(
        async () => (await eventful.evalJs<unknown[]>("window.heard")).length === 1,
        { what: "the granted page to hear the broadcast" },
      );
      await waitFor(() => heard.length >= 2, { what: "the granted page's events" });
      await new Promise((r) => setTimeout(r, 300));
      assertEquals(await plain.evalJs("window.heard"), [], "the plain origin heard nothing");
      assertEquals(heard.sort(), ["eventful app:raw", "eventful app:tauri"]);
    } finally {
      await server.shutdown();
    }
  },
);

Deno.test(
  "pages cannot emit host-reserved events (window:, menu:, tray:, panes:, pywry:, scheme://)",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const heard: string[] = [];
    // window:focus and the like are the host's own: only the forged names are watched.
    for (const p of ["window:closed", "menu:*", "tray:*", "panes:*", "app:*"]) {
      app.on(p, (_d, type) => heard.push(type));
    }
    const tauriHeard: string[] = [];
    app.events.listen("tauri://close-requested", () => tauriHeard.push("tauri://close-requested"));
    app.events.listen("app-ok", () => tauriHeard.push("app-ok"));
    const a = await app.show("<p>a</p>", { label: "a", ...small });
    const b = await app.show("<p id=target>untouched</p>", { label: "b", ...small });
    // A forged close of window b, a forged menu click, and content pushed into window b.
    await a.evalJs(`panes.emit("window:closed", { label: "b" }), panes.emit("menu:click", {}), 0`);
    const tauri = await a.evalJs<boolean[]>(`Promise.all([
      __TAURI__.event.emit("tauri://close-requested", {}),
      __TAURI__.event.emit("panes:set-content", { id: "target", html: "<b id=pwned>x</b>" }),
      __TAURI__.event.emitTo("b", "pywry:navigate", { url: "about:blank" }),
      __TAURI__.event.emit("store://change", { path: "x" }),
    ].map((p) => p.then(() => "sent", (e) => typeof e === "string" && e.includes("is reserved for the host"))))`);
    assertEquals(tauri, [true, true, true, true], "refused, with a plain string naming why");
    // Positive controls: the same routes with ordinary names arrive.
    await a.evalJs(`panes.result({ done: true }), 0`); // panes:result is the page's own
    await a.evalJs(`panes.emit("app:ok", 1), 0`);
    assertEquals(await a.evalJs(`__TAURI__.event.emit("app-ok", 1).then(() => "sent")`), "sent");
    await waitFor(() => heard.includes("app:ok") && tauriHeard.includes("app-ok"), {
      what: "app events",
    });
    // The host's own emit of a reserved name still reaches pages.
    b.emit("panes:set-content", { id: "target", text: "host wrote" });
    await waitFor(
      async () => (await b.evalJs<string>("target.textContent")) === "host wrote",
      { what: "the host's own panes:set-content" },
    );
    await new Promise((r) => setTimeout(r, 200));
    assertEquals(heard, ["panes:result", "app:ok"], "no reserved event reached the host");
    assertEquals(tauriHeard, ["app-ok"]);
    assertEquals(await b.evalJs("!!document.getElementById('pwned')"), false);
    assertEquals(app.windows.sort(), ["a", "b"], "window b is still open");
  },
);
