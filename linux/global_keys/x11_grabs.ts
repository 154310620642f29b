/**
 * Global keys on X11: passive key grabs on the root window over a connection of our own (XCB),
 * on the main isolate. A grab another client holds is refused by the server (BadAccess), which
 * XCB hands back to the request that made it. Events are read by a loop that waits in libc
 * `poll` off the isolate's thread (no busy polling) and runs only while something is grabbed.
 * @module
 */

import { libc, xcb } from "../../ffi/system_libs.ts";
import { XCB } from "../../ffi/symbols/xcb.ts";
import type { GlobalKeys, KeyCombo, KeyState } from "../../plugins/native.ts";
import { keysymOf } from "./keysyms.ts";

type Ptr = Deno.PointerObject;

/** The modifiers a combination may name; Caps Lock and Num Lock are ignored by grabbing each. */
const MODIFIERS = XCB.ShiftMask | XCB.ControlMask | XCB.Mod1Mask | XCB.Mod4Mask;
const LOCKS = [0, XCB.LockMask, XCB.Mod2Mask, XCB.LockMask | XCB.Mod2Mask];

/** A grab was refused or cannot be made; the message says why. */
export class GlobalKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GlobalKeyError";
  }
}

/** Tauri's spelling of a combination (`shift+control+KeyK`), for messages. */
export function comboName(c: KeyCombo): string {
  return `${c.shift ? "shift+" : ""}${c.control ? "control+" : ""}${c.alt ? "alt+" : ""}${
    c.meta ? "meta+" : ""
  }${c.code}`;
}

function env(k: string): string | undefined {
  try {
    return Deno.env.get(k);
  } catch {
    return undefined;
  }
}

/** Why grabs cannot work in this session, or undefined when they can. */
export function grabRefusal(): string | undefined {
  if (env("WAYLAND_DISPLAY") || env("XDG_SESSION_TYPE") === "wayland") {
    return "global shortcuts are unsupported on this platform: a Wayland session lets no " +
      "program grab keys for the whole desktop (the GlobalShortcuts portal is not implemented)";
  }
  if (!env("DISPLAY")) return "global shortcuts need an X11 display (DISPLAY is not set)";
  return undefined;
}

function modifierMask(c: KeyCombo): number {
  return (c.shift ? XCB.ShiftMask : 0) | (c.control ? XCB.ControlMask : 0) |
    (c.alt ? XCB.Mod1Mask : 0) | (c.meta ? XCB.Mod4Mask : 0);
}

interface Grab {
  keycode: number;
  mods: number;
  onKey: (state: KeyState) => void;
}

/** One X connection and the grabs made on it. */
class X11Keys implements GlobalKeys {
  #conn: Ptr | undefined;
  #root = 0;
  #wake = -1;
  #grabs = new Map<string, Grab>();
  /** Grabbed keys that are down now, by keycode. */
  #down = new Map<number, Grab>();
  /** A release that may be half of a key repeat, until the next event or a short wait. */
  #held: KeyEvent | undefined;
  #looping = false;

  #open(): Ptr {
    if (this.#conn && xcb.xcb_connection_has_error(this.#conn) === 0) return this.#conn;
    if (this.#conn) {
      xcb.xcb_disconnect(this.#conn);
      this.#conn = undefined;
      this.#grabs.clear();
    }
    const screen = new Int32Array(1);
    const conn = xcb.xcb_connect(null, screen);
    if (!conn || xcb.xcb_connection_has_error(conn) !== 0) {
      if (conn) xcb.xcb_disconnect(conn);
      throw new GlobalKeyError(
        `global shortcuts: cannot connect to the X display ${env("DISPLAY")}`,
      );
    }
    const iter = new Uint8Array(xcb.xcb_setup_roots_iterator(xcb.xcb_get_setup(conn)!));
    for (let i = 0; i < screen[0]; i++) xcb.xcb_screen_next(iter);
    const data = Deno.UnsafePointer.create(new BigUint64Array(iter.buffer, 0, 1)[0])!;
    this.#root = new Deno.UnsafePointerView(data).getUint32(0); // xcb_screen_t.root
    // 0x80000 = EFD_CLOEXEC: wakes the poll when grabs change.
    if (this.#wake < 0) this.#wake = libc.eventfd(0, 0x80000);
    this.#conn = conn;
    return conn;
  }

  /** The keycode that types `keysym` now (any column of the keyboard map), if any. */
  #keycodeOf(conn: Ptr, keysym: number): number | undefined {
    const setup = new Deno.UnsafePointerView(xcb.xcb_get_setup(conn)!);
    const min = setup.getUint8(XCB.SetupMinKeycode);
    const max = setup.getUint8(XCB.SetupMaxKeycode);
    const cookie = xcb.xcb_get_keyboard_mapping(conn, min, max - min + 1);
    const reply = xcb.xcb_get_keyboard_mapping_reply(conn, cookie, null);
    if (!reply) throw new GlobalKeyError("global shortcuts: cannot read the keyboard map");
    try {
      const view = new Deno.UnsafePointerView(reply);
      const per = view.getUint8(1);
      const count = view.getUint32(4); // in 4-byte units: one keysym each
      for (let i = 0; i < count; i++) {
        if (view.getUint32(XCB.ReplyHeader + 4 * i) === keysym) return min + Math.floor(i / per);
      }
      return undefined;
    } finally {
      libc.free(reply);
    }
  }

  /** Sends the requests and waits for each answer; the error codes, 0 where one succeeded. */
  #checked(conn: Ptr, cookies: number[]): number[] {
    return cookies.map((c) => {
      const err = xcb.xcb_request_check(conn, c);
      if (!err) return 0;
      const code = new Deno.UnsafePointerView(err).getUint8(1);
      libc.free(err);
      return code;
    });
  }

  grab(combo: KeyCombo, onKey: (state: KeyState) => void): Promise<void> {
    const refusal = grabRefusal();
    if (refusal) return Promise.reject(new GlobalKeyError(refusal));
    const name = comboName(combo);
    const keysym = keysymOf(combo.code);
    if (keysym === undefined) {
      return Promise.reject(new GlobalKeyError(`${name}: the key ${combo.code} has no X11 keysym`));
    }
    try {
      const conn = this.#open();
      const keycode = this.#keycodeOf(conn, keysym);
      if (keycode === undefined) {
        throw new GlobalKeyError(`${name}: no key on this keyboard types ${combo.code}`);
      }
      const mods = modifierMask(combo);
      const id = `${keycode}:${mods}`;
      if (this.#grabs.has(id)) throw new GlobalKeyError(`${name} is already registered`);
      const codes = this.#checked(
        conn,
        LOCKS.map((lock) =>
          xcb.xcb_grab_key_checked(
            conn,
            0,
            this.#root,
            mods | lock,
            keycode,
            XCB.GrabModeAsync,
            XCB.GrabModeAsync,
          )
        ),
      );
      if (codes.some((c) => c !== 0)) {
        this.#checked(
          conn,
          LOCKS.filter((_, i) => codes[i] === 0).map((lock) =>
            xcb.xcb_ungrab_key_checked(conn, keycode, this.#root, mods | lock)
          ),
        );
        throw new GlobalKeyError(
          codes.includes(XCB.BadAccess)
            ? `${name} is already grabbed by another program (X11 BadAccess)`
            : `${name}: the X server refused the grab (X11 error ${codes.find((c) => c)})`,
        );
      }
      this.#grabs.set(id, { keycode, mods, onKey });
      this.#loop();
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  ungrab(combo: KeyCombo): Promise<void> {
    const conn = this.#conn;
    if (!conn) return Promise.resolve();
    const keysym = keysymOf(combo.code);
    for (const [id, g] of this.#grabs) {
      if (g.mods !== modifierMask(combo)) continue;
      if (keysym === undefined || this.#keycodeOf(conn, keysym) !== g.keycode) continue;
      this.#grabs.delete(id);
      this.#checked(
        conn,
        LOCKS.map((lock) => xcb.xcb_ungrab_key_checked(conn, g.keycode, this.#root, g.mods | lock)),
      );
      this.#wakeLoop();
    }
    return Promise.resolve();
  }

  #wakeLoop(): void {
    if (this.#wake >= 0) libc.write(this.#wake, new BigUint64Array([1n]), 8n);
  }

  /** Starts the event loop if it is not running; wakes it to read what the checks queued. */
  #loop(): void {
    this.#wakeLoop();
    if (this.#looping) return;
    this.#looping = true;
    this.#run().catch((e) => console.error("panes: global shortcut loop failed:", e))
      .finally(() => this.#looping = false);
  }

  async #run(): Promise<void> {
    const fds = new Uint8Array(16); // two struct pollfd { int fd; short events, revents; }
    const v = new DataView(fds.buffer);
    const counter = new BigUint64Array(1);
    while (this.#grabs.size > 0 && this.#conn) {
      const conn = this.#conn;
      this.#drain(conn);
      if (xcb.xcb_connection_has_error(conn) !== 0) {
        console.error("panes: global shortcuts: the X connection was lost; shortcuts released");
        this.#grabs.clear();
        break;
      }
      v.setInt32(0, xcb.xcb_get_file_descriptor(conn), true);
      v.setInt16(4, 1, true); // POLLIN
      v.setInt16(6, 0, true);
      v.setInt32(8, this.#wake, true);
      v.setInt16(12, 1, true);
      v.setInt16(14, 0, true);
      // A release waiting for a repeat's press waits 40 ms at most (repeats come together).
      const ready = await libc.poll(fds, 2n, this.#held ? 40 : -1);
      if (ready === 0 && this.#held) {
        const held = this.#held;
        this.#held = undefined;
        this.#release(held);
      }
      if (v.getInt16(14, true) !== 0) libc.read(this.#wake, counter, 8n);
    }
  }

  /** The next queued event as plain fields (its memory freed), or undefined. */
  #next(conn: Ptr): KeyEvent | undefined {
    const ev = xcb.xcb_poll_for_event(conn);
    if (!ev) return undefined;
    const view = new Deno.UnsafePointerView(ev);
    const e = {
      type: view.getUint8(0) & 0x7f,
      keycode: view.getUint8(1),
      time: view.getUint32(4),
      state: view.getUint16(28), // xcb_key_press_event_t.state
    };
    libc.free(ev);
    return e;
  }

  /** Hands every queued key event to its grab. */
  #drain(conn: Ptr): void {
    for (;;) {
      const e = this.#next(conn);
      const held = this.#held;
      if (held) {
        // Key repeat while held: a release and a press of the key at the same time. The key
        // is still down; as in Tauri, one Pressed and one Released for the whole hold.
        if (!e) return; // the press may still be on its way: #run waits a little for it
        this.#held = undefined;
        if (e.type === XCB.KeyPress && e.keycode === held.keycode && e.time === held.time) {
          continue;
        }
        this.#release(held);
      }
      if (!e) return;
      if (e.type === XCB.KeyPress) {
        const g = this.#grabs.get(`${e.keycode}:${e.state & MODIFIERS}`);
        if (!g || this.#down.get(e.keycode) === g) continue; // still down: no second Pressed
        this.#down.set(e.keycode, g);
        this.#tell(g, "Pressed");
      } else if (e.type === XCB.KeyRelease && this.#down.has(e.keycode)) {
        this.#held = e;
      }
    }
  }

  /** A release not followed by a repeat's press: the key is up. */
  #release(e: KeyEvent): void {
    // The modifiers may be let go first: a release belongs to the press of its key.
    const g = this.#down.get(e.keycode);
    this.#down.delete(e.keycode);
    if (g) this.#tell(g, "Released");
  }

  #tell(g: Grab, state: KeyState): void {
    if (![...this.#grabs.values()].includes(g)) return;
    try {
      g.onKey(state);
    } catch (err) {
      console.error("panes: a global shortcut handler failed:", err);
    }
  }
}

interface KeyEvent {
  type: number;
  keycode: number;
  time: number;
  state: number;
}

let keys: X11Keys | undefined;

/** This process's global keys (one X connection, made on the first grab). */
export function x11GlobalKeys(): GlobalKeys {
  return keys ??= new X11Keys();
}
