import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor } from "../testing.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

const GRANTS = [
  "global-shortcut:allow-register",
  "global-shortcut:allow-unregister",
  "global-shortcut:allow-unregister-all",
  "global-shortcut:allow-is-registered",
  "global-shortcut:allow-register-all",
];

async function run(cmd: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return text;
}

/** Starts xlogo (another X client) and gives it the keyboard focus. */
async function focusedOtherClient(): Promise<
  { window: string; [Symbol.asyncDispose](): Promise<void> }
> {
  const title = `panes-other-${crypto.randomUUID().slice(0, 8)}`;
  const child = new Deno.Command("xlogo", {
    args: ["-title", title, "-geometry", "120x120+400+300"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const window = await waitFor(async () => {
    try {
      return (await run("xdotool", "search", "--name", `^${title}$`)).split("\n")[0];
    } catch {
      return "";
    }
  }, { what: "xlogo's window" });
  await run("xdotool", "windowactivate", "--sync", window).catch(() =>
    run("xdotool", "windowfocus", "--sync", window)
  );
  await waitFor(
    async () => (await run("xdotool", "getwindowfocus")) === window,
    { what: "xlogo to hold the focus" },
  );
  return {
    window,
    async [Symbol.asyncDispose]() {
      child.kill();
      await child.status;
    },
  };
}

function pageWith(tag: string): string {
  return `${tag}<p>shortcuts</p><script>window.events = [];</script>`;
}

Deno.test(
  "global-shortcut: a shortcut pressed while another program has the focus reaches the page",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      config: false,
      plugins: ["global-shortcut"],
      capabilities: [{ identifier: "keys", windows: ["main"], permissions: GRANTS }],
    });
    const tag = await guestScriptTag("tests/support/guest_entry_desktop.ts");
    const win = await app.show(pageWith(tag), { label: "main", width: 240, height: 160 });
    const reg = await win.evalJs<Result>(call(`
      await tauriGuest.globalShortcut.register("CommandOrControl+Shift+K", (e) => events.push(e));
      return await tauriGuest.globalShortcut.isRegistered("ctrl+shift+k");
    `));
    assertEquals(reg, { ok: true, v: true });
    await using other = await focusedOtherClient();
    assertEquals(await run("xdotool", "getwindowfocus"), other.window);
    await run("xdotool", "key", "--clearmodifiers", "ctrl+shift+k");
    const events = await waitFor(async () => {
      const e = await win.evalJs<Array<Record<string, unknown>>>("events");
      return e.length >= 2 ? e : null;
    }, { what: "the Pressed and Released events in the page" }) as Array<Record<string, unknown>>;
    assertEquals(events.map((e) => e.state), ["Pressed", "Released"]);
    assertEquals(events[0].shortcut, "shift+control+KeyK");
    assertEquals(typeof events[0].id, "number");
    assertEquals(events[0].id, events[1].id);
    // The key went to the app, not to the program with the focus: xlogo still has it.
    assertEquals(await run("xdotool", "getwindowfocus"), other.window);
    // With Caps Lock on, the shortcut still fires (each grab is made with and without it).
    await run("xdotool", "key", "Caps_Lock");
    try {
      await run("xdotool", "key", "ctrl+shift+k");
      await waitFor(
        async () => (await win.evalJs<unknown[]>("events")).length >= 4,
        { what: "the shortcut's events with Caps Lock on" },
      );
    } finally {
      await run("xdotool", "key", "Caps_Lock");
    }
    await win.evalJs("events.splice(2).length");

    // Unregistered: the key reaches nobody here. A second shortcut pressed after it proves the
    // first press was delivered (or not) before it: X delivers events in order.
    const un = await win.evalJs<Result>(call(`
      await tauriGuest.globalShortcut.unregister("CommandOrControl+Shift+K");
      // The 2.0 guest's registerAll (panes.globalShortcut keeps it): the same call, its own grant.
      await panes.globalShortcut.registerAll(["Alt+Shift+F7"], (e) => events.push(e));
      return await tauriGuest.globalShortcut.isRegistered("CommandOrControl+Shift+K");
    `));
    assertEquals(un, { ok: true, v: false });
    await run("xdotool", "key", "--clearmodifiers", "ctrl+shift+k");
    await run("xdotool", "key", "--clearmodifiers", "alt+shift+F7");
    const after = await waitFor(async () => {
      const e = await win.evalJs<Array<Record<string, unknown>>>("events");
      return e.length >= 4 ? e : null;
    }, { what: "the second shortcut's events" }) as Array<Record<string, unknown>>;
    assertEquals(after.slice(2).map((e) => `${e.shortcut} ${e.state}`), [
      "shift+alt+F7 Pressed",
      "shift+alt+F7 Released",
    ]);
    // Held past the key repeat delay: the server repeats the key, the page still hears one
    // Pressed and one Released (as in Tauri). Another shortcut pressed after it marks the end.
    assertEquals(
      (await win.evalJs<Result>(call(`
        await tauriGuest.globalShortcut.register("Alt+Shift+F8", (e) => events.push(e));
      `))).ok,
      true,
    );
    await run(
      "xdotool",
      "keydown",
      "alt+shift+F7",
      "sleep",
      "1.5",
      "keyup",
      "F7",
      "keyup",
      "alt+shift",
    );
    await run("xdotool", "key", "--clearmodifiers", "alt+shift+F8");
    const held = await waitFor(async () => {
      const e = await win.evalJs<Array<Record<string, unknown>>>("events");
      return e.some((x) => x.shortcut === "shift+alt+F8" && x.state === "Released") ? e : null;
    }, { what: "the marker shortcut after the held one" }) as Array<Record<string, unknown>>;
    assertEquals(held.slice(4).map((e) => `${e.shortcut} ${e.state}`), [
      "shift+alt+F7 Pressed",
      "shift+alt+F7 Released",
      "shift+alt+F8 Pressed",
      "shift+alt+F8 Released",
    ]);
    assertEquals(
      await win.evalJs<Result>(call(`await tauriGuest.globalShortcut.unregisterAll()`)),
      { ok: true, v: undefined },
    );
  },
);

Deno.test(
  "global-shortcut: a shortcut another program grabs is a clear error and changes nothing",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      config: false,
      plugins: ["global-shortcut"],
      capabilities: [{ identifier: "keys", windows: ["main"], permissions: GRANTS }],
    });
    const tag = await guestScriptTag("tests/support/guest_entry_desktop.ts");
    const win = await app.show(pageWith(tag), { label: "main", width: 240, height: 160 });
    const holder = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("./support/key_grabber.ts", import.meta.url).pathname,
        JSON.stringify({ code: "KeyJ", shift: true, control: false, alt: true, meta: false }),
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const reader = holder.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const first = await Promise.race([
      reader.read(),
      new Promise<never>((_, no) =>
        setTimeout(() => no(new Error("the key grabber did not start in 30 s")), 30_000)
      ),
    ]);
    assertMatch(first.value ?? "", /grabbed/);
    // Two shortcuts, the second held elsewhere: the call fails and leaves neither registered.
    const taken = await win.evalJs<Result>(call(`
      await tauriGuest.globalShortcut.register(["Alt+Shift+H", "Alt+Shift+J"], (e) => events.push(e));
    `));
    assertEquals(taken.ok, false);
    assertMatch(taken.message!, /shift\+alt\+KeyJ is already grabbed by another program/);
    assertEquals(
      await win.evalJs<Result>(call(`
        return [await tauriGuest.globalShortcut.isRegistered("Alt+Shift+H"),
                await tauriGuest.globalShortcut.isRegistered("Alt+Shift+J")];
      `)),
      { ok: true, v: [false, false] },
    );
    // Bad strings are clear errors too.
    const bad = await win.evalJs<Result>(call(`
      await tauriGuest.globalShortcut.register("Ctrl+Nope", () => {});
    `));
    assertMatch(bad.message!, /Couldn't recognize "Nope" as a valid key/);
    // Positive control: once the other program lets go, the same call succeeds.
    await holder.stdin.close();
    await holder.status;
    reader.releaseLock();
    await holder.stdout.cancel().catch(() => {});
    const ok = await win.evalJs<Result>(call(`
      await tauriGuest.globalShortcut.register(["Alt+Shift+H", "Alt+Shift+J"], (e) => events.push(e));
      return await tauriGuest.globalShortcut.isRegistered("Alt+Shift+J");
    `));
    assertEquals(ok, { ok: true, v: true });
    await run("xdotool", "key", "--clearmodifiers", "alt+shift+j");
    await waitFor(
      async () => (await win.evalJs<unknown[]>("events")).length >= 2,
      { what: "the shortcut's events once it is ours" },
    );
  },
);

Deno.test(
  "global-shortcut: a window without the grant is refused and grabs nothing; Wayland is a clear error",
  WINDOW_TEST,
  async () => {
    await using app = new App({
      config: false,
      plugins: ["global-shortcut"],
      capabilities: [{ identifier: "keys", windows: ["main"], permissions: GRANTS }],
    });
    const tag = await guestScriptTag("tests/support/guest_entry_desktop.ts");
    const main = await app.show(pageWith(tag), { label: "main", width: 240, height: 160 });
    const other = await app.show(pageWith(tag), { label: "other", width: 240, height: 160 });
    const denied = await other.evalJs<Result>(call(`
      await tauriGuest.globalShortcut.register("Ctrl+Alt+F9", (e) => events.push(e));
    `));
    assertRejectsWithString(
      denied,
      'global-shortcut.register not allowed on window "other", webview "other", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: keys, permission: allow-register',
    );
    // No effect: not registered, and the key is still free for another program to grab.
    assertEquals(
      await main.evalJs<Result>(
        call(`return await tauriGuest.globalShortcut.isRegistered("Ctrl+Alt+F9")`),
      ),
      { ok: true, v: false },
    );
    assertEquals(
      await freeForOthers({ code: "F9", shift: false, control: true, alt: true, meta: false }),
      true,
    );
    // Positive control: the same call from the granted window takes the key.
    const allowed = await main.evalJs<Result>(call(`
      await tauriGuest.globalShortcut.register("Ctrl+Alt+F9", (e) => events.push(e));
      return await tauriGuest.globalShortcut.isRegistered("Ctrl+Alt+F9");
    `));
    assertEquals(allowed, { ok: true, v: true });

    // Wayland: no program may grab keys for the whole desktop; the call says so.
    Deno.env.set("WAYLAND_DISPLAY", "wayland-panes-test");
    try {
      const w = await main.evalJs<Result>(call(`
        await tauriGuest.globalShortcut.register("Ctrl+Alt+F10", () => {});
      `));
      assertEquals(w.ok, false);
      assertMatch(w.message!, /unsupported on this platform: a Wayland session/);
    } finally {
      Deno.env.delete("WAYLAND_DISPLAY");
    }
    const back = await main.evalJs<Result>(call(`
      await tauriGuest.globalShortcut.register("Ctrl+Alt+F10", () => {});
      return await tauriGuest.globalShortcut.isRegistered("Ctrl+Alt+F10");
    `));
    assertEquals(back, { ok: true, v: true });
    assert(true);
  },
);

/** Whether another program can grab `combo` now (it is free), by a child that tries. */
async function freeForOthers(combo: Record<string, unknown>): Promise<boolean> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `import { x11GlobalKeys } from ${
        JSON.stringify(new URL("../linux/global_keys/x11_grabs.ts", import.meta.url).href)
      };
       try { await x11GlobalKeys().grab(${JSON.stringify(combo)}, () => {}); console.log("free"); }
       catch (e) { console.log(e.message); }
       Deno.exit(0);`,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  if (text !== "free" && !/already grabbed/.test(text)) {
    throw new Error(`probe failed: ${text} ${new TextDecoder().decode(out.stderr)}`);
  }
  return text === "free";
}

Deno.test(
  "global-shortcut: a page that goes away lets its shortcuts go; so does app.destroy()",
  WINDOW_TEST,
  async () => {
    const combo = { code: "F8", shift: false, control: true, alt: false, meta: true };
    const app = new App({
      config: false,
      plugins: ["global-shortcut"],
      capabilities: [{ identifier: "keys", windows: ["main"], permissions: GRANTS }],
    });
    try {
      const tag = await guestScriptTag("tests/support/guest_entry_desktop.ts");
      const win = await app.show(pageWith(tag), { label: "main", width: 240, height: 160 });
      const register = call(`
        await tauriGuest.globalShortcut.register("Ctrl+Super+F8", (e) => events.push(e));
        return await tauriGuest.globalShortcut.isRegistered("Ctrl+Super+F8");
      `);
      assertEquals(await win.evalJs<Result>(register), { ok: true, v: true });
      assertEquals(await freeForOthers(combo), false, "held while the page listens");
      await win.proxy.reload();
      await waitFor(() => win.evalJs<boolean>("!!window.tauriGuest"), {
        what: "the reloaded page",
      });
      await waitFor(() => freeForOthers(combo), { what: "the key let go after the reload" });
      assertEquals(
        await win.evalJs<Result>(call(
          `return await tauriGuest.globalShortcut.isRegistered("Ctrl+Super+F8")`,
        )),
        { ok: true, v: false },
      );
      // Registered again by the new page, then the app goes: the key is let go.
      assertEquals(await win.evalJs<Result>(register), { ok: true, v: true });
      assertEquals(await freeForOthers(combo), false);
    } finally {
      await app.destroy();
    }
    assertEquals(await freeForOthers(combo), true, "let go by app.destroy()");
  },
);
