/**
 * The bridge belongs to a window's top frame: iframes (sandboxed, `data:`, the app's own page
 * framed) cannot post to the native message handler or to `panes://app/__ipc/`, and a window's
 * page is served only to its own webview. Every refusal runs beside the same call from the top
 * frame, which succeeds.
 */
import { z } from "zod";
import { assertEquals } from "./support/assert.ts";
import { App, Commands } from "../mod.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const small = { width: 320, height: 240 };

/**
 * What a hostile frame tries: the native handler with a hand-made message (no key, and a key of
 * the right shape), and the `__ipc` POST with every header a real call carries.
 */
const ATTACK = `
  const msgs = [{ k: "hello", n: "x", u: "panes://app/" }, { k: "emit", e: "app:from-frame", d: 1 },
    { k: "inv", i: 900, c: "secret", b: "frame-post" }];
  const h = window.webkit && window.webkit.messageHandlers && window.webkit.messageHandlers.__webview__;
  const tried = [];
  if (h) {
    tried.push("handler");
    h.postMessage(JSON.stringify({ id: "f1", method: "__panes_post", params: msgs }));
    h.postMessage(JSON.stringify({ id: "f2", method: "__panes_post",
      params: ["0".repeat(64), ...msgs] }));
  }
  if (typeof window.__panes_post === "function") {
    tried.push("bound");
    window.__panes_post(...msgs);
  }
  const body = new TextEncoder().encode(JSON.stringify("frame-fetch"));
  fetch("panes://app/__ipc/invoke", { method: "POST", body, headers: {
    "x-panes-i": "901", "x-panes-c": "secret", "x-panes-h": "%7B%7D", "x-panes-kind": "json",
    "x-panes-len": String(body.length), "x-panes-key": "0".repeat(64) } })
    .then(() => tried.push("fetch"), () => tried.push("fetch-refused"))
    .finally(() => parent.postMessage({ frame: document.title, tried }, "*"));
`;

Deno.test(
  "iframes cannot use the window's bridge; the top frame can",
  WINDOW_TEST,
  async () => {
    const ran: unknown[] = [];
    const commands = new Commands().command("secret", { body: z.unknown() }, ({ body }) => {
      // Long bodies are recorded by length: a failure message stays readable.
      ran.push(typeof body === "string" && body.length > 100 ? `long:${body.length}` : body);
      return "granted";
    });
    await using app = new App({ commands });
    const heard: string[] = [];
    app.on("app:*", (_d, type) => heard.push(type));
    const frame = (title: string) => `<title>${title}</title><script>${ATTACK}</script>`;
    const srcdoc = frame("sandboxed").replaceAll("&", "&amp;").replaceAll('"', "&quot;");
    const dataUrl = `data:text/html;base64,${btoa(frame("data"))}`;
    const win = await app.show(
      `<p>top</p>
      <iframe sandbox="allow-scripts" srcdoc="${srcdoc}"></iframe>
      <iframe src="${dataUrl}"></iframe>
      <script>
        window.reports = [];
        addEventListener("message", (e) => window.reports.push(e.data));
      </script>`,
      small,
    );
    await waitFor(
      () => win.evalJs<number>("window.reports.length"),
      { what: "both frames to report their attempts", timeout: 20_000 },
    ).then(async () => {
      // Wait for both (waitFor accepts any truthy count; the second may lag a little).
      await waitFor(
        async () => (await win.evalJs<number>("window.reports.length")) === 2,
        { what: "the second frame's report", timeout: 20_000 },
      );
    });
    const reports = await win.evalJs<{ frame: string; tried: string[] }[]>("window.reports");
    // The attacks were really made: each frame reached the handler and sent the fetch.
    for (const r of reports) {
      assertEquals(r.tried.includes("handler"), true, `${r.frame} reached the handler`);
    }
    // Positive control: the top frame, same window, same command and event names.
    assertEquals(await win.evalJs(`panes.invoke("secret", "top")`), "granted");
    await win.evalJs(`panes.emit("app:from-top", 1), 0`);
    const big = "x".repeat(40_000); // ≥ 32 KiB: goes as a POST to panes://app/__ipc/invoke
    assertEquals(await win.evalJs(`panes.invoke("secret", "${big}")`), "granted");
    await waitFor(() => heard.includes("app:from-top"), { what: "the top frame's event" });
    await new Promise((r) => setTimeout(r, 300));
    assertEquals(ran, ["top", `long:${big.length}`], "only the top frame's calls ran");
    assertEquals(heard, ["app:from-top"], "only the top frame's event reached the host");
  },
);

Deno.test(
  "a window's page is served only to its own webview",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const a = await app.show(`<p>PAGE-A</p>`, small);
    const b = await app.show(`<p>SECRET-B</p>`, small);
    const own = await a.evalJs<string>(`fetch(location.href).then((r) => r.text())`);
    assertEquals(own.includes("PAGE-A"), true, "positive control: a window reads its own page");
    const bUrl = await b.evalJs<string>("location.href");
    const got = await a.evalJs<string>(`fetch(${JSON.stringify(bUrl)}).then((r) => r.text())`);
    assertEquals(got.includes("SECRET-B"), false, `window A read B's page: ${got.slice(0, 80)}`);
    // B itself still can (the refusal is about who asks, not the URL).
    const bOwn = await b.evalJs<string>(`fetch(location.href).then((r) => r.text())`);
    assertEquals(bOwn.includes("SECRET-B"), true);
  },
);

Deno.test(
  "a key a page held cannot be used by a frame of a later page in the same window",
  WINDOW_TEST,
  async () => {
    await using app = new App();
    const heard: string[] = [];
    app.on("app:*", (_d, type) => heard.push(type));
    const win = await app.show(`<p>first</p>`, small);
    // The first page is the top frame: it may read its own key (by wrapping the post function).
    const stolen = await win.evalJs<string>(`new Promise((resolve) => {
      const wv = window.__webview__, orig = wv.post.bind(wv);
      wv.post = (b) => { resolve(JSON.parse(b).params[0]); orig(b); };
      panes.emit("app:first", 1);
    })`);
    assertEquals(stolen.length, 64, "the key was read");
    await waitFor(() => heard.includes("app:first"), { what: "the first page's event" });
    // A later page frames content that got hold of that key.
    const attack = `<script>
      const h = window.webkit.messageHandlers.__webview__;
      const key = ${JSON.stringify(stolen)};
      h.postMessage(JSON.stringify({ id: "s1", method: "__panes_post",
        params: [key, { k: "emit", e: "app:stolen", d: 1 }] }));
      h.postMessage(JSON.stringify({ id: "s2", method: "__panes_post",
        params: [key, { k: "hello", n: "y", u: "panes://app/" }, { k: "emit", e: "app:reclaimed", d: 1 }] }));
      parent.postMessage("sent", "*");
    </script>`.replaceAll("&", "&amp;").replaceAll('"', "&quot;");
    await win.update(`<p>second</p><iframe sandbox="allow-scripts" srcdoc="${attack}"></iframe>
      <script>window.sent = false; addEventListener("message", () => window.sent = true);</script>`);
    await waitFor(() => win.evalJs<boolean>("window.sent"), {
      what: "the frame to send",
      timeout: 20_000,
    });
    // Positive control: the second page's own top frame emits through the same window.
    await win.evalJs(`panes.emit("app:second", 1), 0`);
    await waitFor(() => heard.includes("app:second"), { what: "the second page's event" });
    await new Promise((r) => setTimeout(r, 200));
    assertEquals(heard, ["app:first", "app:second"]);
  },
);
