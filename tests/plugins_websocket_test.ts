import { assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

/**
 * A local WebSocket server: echoes text and bytes, answers "who" with the handshake's x-token
 * header, sends 100 bytes on "big", closes on "bye", counts handshakes per path.
 */
function startServer() {
  const handshakes = new Map<string, number>();
  const received: string[] = [];
  const closes: number[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const url = new URL(req.url);
    handshakes.set(url.pathname, (handshakes.get(url.pathname) ?? 0) + 1);
    if (req.headers.get("upgrade") !== "websocket") return new Response("no", { status: 400 });
    const token = req.headers.get("x-token") ?? "anonymous";
    const { socket, response } = Deno.upgradeWebSocket(req);
    socket.binaryType = "arraybuffer";
    socket.onmessage = (e) => {
      if (typeof e.data === "string") {
        received.push(e.data);
        if (e.data === "bye") socket.close(4001, "server says bye");
        else if (e.data === "who") socket.send(`hello ${token}`);
        else if (e.data === "big") socket.send("x".repeat(100));
        else socket.send(`echo:${e.data}`);
      } else {
        const b = new Uint8Array(e.data as ArrayBuffer);
        received.push(`bytes:${b.join(",")}`);
        socket.send(b.map((x) => 255 - x));
      }
    };
    socket.onclose = (e) => closes.push(e.code);
    return response;
  });
  const origin = `ws://127.0.0.1:${server.addr.port}`;
  return { server, handshakes, received, closes, origin };
}

const capabilities = (origin: string) => [{
  identifier: "ws",
  windows: ["main"],
  permissions: [{
    identifier: "websocket:default",
    allow: [{ url: `${origin}/*` }],
    deny: [{ url: `${origin}/secret/*` }],
  }],
}];

Deno.test(
  "websocket: the guest package connects from the host, sends text and bytes, hears replies and the close",
  WINDOW_TEST,
  async () => {
    const { server, handshakes, received, closes, origin } = startServer();
    try {
      await using app = new App({
        config: false,
        plugins: ["websocket"],
        capabilities: capabilities(origin),
      });
      const win = await app.show(`${await guestScriptTag()}<p>ws</p>`, {
        label: "main",
        width: 200,
        height: 120,
      });
      const o = JSON.stringify(origin);
      const opened = await win.evalJs<Result>(call(`
        window.got = [];
        const ws = await tauriGuest.WebSocket.connect(${o} + "/chat", { headers: { "x-token": "t1" } });
        ws.addListener((m) => window.got.push(m));
        window.ws = ws;
        await ws.send("who");
        await ws.send("one");
        await ws.send([1, 2, 250]);
        return typeof ws.id;
      `));
      assertEquals(opened, { ok: true, v: "number" });
      const got = () => win.evalJs<unknown[]>(`window.got`);
      await waitFor(async () => (await got()).length >= 3, {
        what: "three messages from the server",
      })
        .catch(async (e) => {
          throw new Error(
            `${e.message}; got ${JSON.stringify(await got())}, server got ${received}`,
          );
        });
      assertEquals(await got(), [
        { type: "Text", data: "hello t1" },
        { type: "Text", data: "echo:one" },
        { type: "Binary", data: [254, 253, 5] },
      ]);
      assertEquals(received, ["who", "one", "bytes:1,2,250"]);
      // The server closes: the page hears the close frame, and the id is spent.
      await win.evalJs(call(`await window.ws.send("bye")`));
      await waitFor(async () => (await got()).length >= 4, { what: "the close frame" });
      assertEquals((await got())[3], {
        type: "Close",
        data: { code: 4001, reason: "server says bye" },
      });
      const after = await win.evalJs<Result>(call(`await window.ws.send("late")`));
      assertEquals(after.ok, false);
      assertMatch(after.message!, /no websocket connection with resource id|closed/);
      assertEquals(received.includes("late"), false);

      // disconnect(): the client closes with 1000; the server sees it.
      await win.evalJs(call(`
        const ws = await tauriGuest.WebSocket.connect(${o} + "/chat");
        window.ws2 = ws;
        await ws.disconnect();
      `));
      await waitFor(() => closes.includes(1000), { what: "the server to see the client's close" });
      // Ping frames cannot be sent by Deno's client: a clear error, not a silent success.
      const ping = await win.evalJs<Result>(call(`
        const ws = await tauriGuest.WebSocket.connect(${o} + "/chat");
        await ws.send({ type: "Ping", data: [1] });
      `));
      assertRejectsWithString(ping, /Ping/);
      // A message over maxMessageSize is an error and ends the connection (as Tauri's client).
      await win.evalJs(call(`
        window.small = [];
        const ws = await tauriGuest.WebSocket.connect(${o} + "/chat", { maxMessageSize: 50 });
        ws.addListener((m) => window.small.push(m));
        await ws.send("big");
      `));
      const small = () => win.evalJs<unknown[]>(`window.small`);
      await waitFor(async () => (await small()).length >= 2, {
        what: "the size error and the close",
      });
      const [err, close] = await small();
      assertMatch(String(err), /100 bytes exceeds maxMessageSize \(50\)/);
      assertEquals((close as { type: string }).type, "Close");
      assertEquals(handshakes.get("/chat"), 4);
    } finally {
      await server.shutdown();
    }
  },
);

Deno.test(
  "websocket: URLs outside the scope, and windows without the grant, are refused before any connection",
  WINDOW_TEST,
  async () => {
    const { server, handshakes, origin } = startServer();
    try {
      await using app = new App({
        config: false,
        plugins: ["websocket"],
        capabilities: capabilities(origin),
      });
      const win = await app.show(`${await guestScriptTag()}<p>ws</p>`, {
        label: "main",
        width: 200,
        height: 120,
      });
      const o = JSON.stringify(origin);
      const port = new URL(origin).port;
      const refused = {
        denyEntry: `${o} + "/secret/room"`,
        dotdot: `${o} + "/open/../secret/room"`,
        encoded: `${o} + "/%73ecret/room"`,
        otherHost: `"ws://localhost:${port}/chat"`,
      };
      for (const [what, url] of Object.entries(refused)) {
        const r = await win.evalJs<Result>(call(`await tauriGuest.WebSocket.connect(${url})`));
        assertRejectsWithString(r, /"websocket:allow-connect"/, what);
      }
      const http = await win.evalJs<Result>(
        call(`await tauriGuest.WebSocket.connect("http://127.0.0.1:${port}/chat")`),
      );
      assertRejectsWithString(http, /http:\/\/127\.0\.0\.1:\d+\/chat/);
      const other = await app.show(`${await guestScriptTag()}<p>other</p>`, {
        label: "other",
        width: 200,
        height: 120,
      });
      const r = await other.evalJs<Result>(
        call(`await tauriGuest.WebSocket.connect(${o} + "/chat")`),
      );
      assertRejectsWithString(
        r,
        'websocket.connect not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: ws, permission: allow-connect',
      );
      assertEquals([...handshakes], [], "a refused connect reached the server");
      // Positive control: the same window, the same server, a path in scope.
      const ok = await win.evalJs<Result>(call(`
        const ws = await tauriGuest.WebSocket.connect(${o} + "/chat");
        await ws.send("in scope");
        return "connected";
      `));
      assertEquals(ok, { ok: true, v: "connected" });
      assertEquals([...handshakes], [["/chat", 1]]);
      // Another window cannot use the first window's connection id.
      const stolen = await other.evalJs<Result>(
        call(
          `await panes.invoke("plugin:websocket|send", { id: 1, message: { type: "Text", data: "x" } })`,
        ),
      );
      assertEquals(stolen.ok, false);
    } finally {
      await server.shutdown();
    }
  },
);
