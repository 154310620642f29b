/**
 * Real input for native windows through the X server's XTest extension (libXtst, which every X
 * server and Xvfb has): the pointer and keys move as a user's would, through the window manager,
 * GTK's shortcut controllers and menus, WebKit and the page. The kit's own X connection, on the
 * test's thread; opened on first use.
 *
 * Characters the keyboard map lacks ("é", "日") are bound to spare keycodes before any of them is
 * typed, and stay bound: binding one per keystroke and unbinding it at once (as `xdotool type`
 * does) races with GTK, which translates a key after the map changed again and drops it.
 * @module
 */

const x11Symbols = {
  XOpenDisplay: { parameters: ["pointer"], result: "pointer" },
  // int XDisplayKeycodes(Display*, int *min, int *max)
  XDisplayKeycodes: { parameters: ["pointer", "buffer", "buffer"], result: "i32" },
  // KeySym *XGetKeyboardMapping(Display*, KeyCode first, int count, int *keysyms_per_keycode)
  XGetKeyboardMapping: { parameters: ["pointer", "u8", "i32", "buffer"], result: "pointer" },
  // int XChangeKeyboardMapping(Display*, int first, int per_keycode, KeySym *keysyms, int count)
  XChangeKeyboardMapping: {
    parameters: ["pointer", "i32", "i32", "buffer", "i32"],
    result: "i32",
  },
  // KeySym XStringToKeysym(const char*)
  XStringToKeysym: { parameters: ["buffer"], result: "u64" },
  XSync: { parameters: ["pointer", "i32"], result: "i32" },
  XFlush: { parameters: ["pointer"], result: "i32" },
  XFree: { parameters: ["pointer"], result: "i32" },
} as const;

const xtstSymbols = {
  // int XTestFakeKeyEvent(Display*, unsigned keycode, Bool is_press, unsigned long delay)
  XTestFakeKeyEvent: { parameters: ["pointer", "u32", "i32", "u64"], result: "i32" },
  // int XTestFakeButtonEvent(Display*, unsigned button, Bool is_press, unsigned long delay)
  XTestFakeButtonEvent: { parameters: ["pointer", "u32", "i32", "u64"], result: "i32" },
  // int XTestFakeMotionEvent(Display*, int screen, int x, int y, unsigned long delay)
  XTestFakeMotionEvent: { parameters: ["pointer", "i32", "i32", "i32", "u64"], result: "i32" },
} as const;

interface Connection {
  name: string;
  dpy: Deno.PointerObject;
  x: Deno.DynamicLibrary<typeof x11Symbols>["symbols"];
  t: Deno.DynamicLibrary<typeof xtstSymbols>["symbols"];
  /** Keycodes this kit bound, oldest first: keysym → keycode. */
  bound: Map<bigint, number>;
}

let conn: Connection | undefined;

function open(): Connection {
  const name = Deno.env.get("DISPLAY") ?? "";
  if (conn && conn.name === name) return conn;
  if (!name) {
    throw new Error(
      "real input needs an X display: DISPLAY is not set (call useVirtualDisplay() first)",
    );
  }
  let x, t;
  try {
    x = Deno.dlopen("libX11.so.6", x11Symbols).symbols;
    t = Deno.dlopen("libXtst.so.6", xtstSymbols).symbols;
  } catch (e) {
    throw new Error(
      "real input on native windows needs libX11 and libXtst (Debian/Ubuntu: " +
        "`apt-get install -y libx11-6 libxtst6`)",
      { cause: e },
    );
  }
  const dpy = x.XOpenDisplay(null);
  if (!dpy) throw new Error(`cannot open the X display ${name} for input`);
  conn = { name, dpy, x, t, bound: new Map() };
  return conn;
}

/** The keyboard map: per keycode, its keysyms (column 0 plain, 1 with Shift). */
function keymap(c: Connection): { min: number; per: number; syms: bigint[][] } {
  const min = new Int32Array(1), max = new Int32Array(1), per = new Int32Array(1);
  c.x.XDisplayKeycodes(c.dpy, min, max);
  const count = max[0] - min[0] + 1;
  const p = c.x.XGetKeyboardMapping(c.dpy, min[0], count, per);
  if (!p) throw new Error("cannot read the X keyboard map");
  const view = new Deno.UnsafePointerView(p);
  const syms: bigint[][] = [];
  for (let k = 0; k < count; k++) {
    const row: bigint[] = [];
    for (let j = 0; j < per[0]; j++) row.push(view.getBigUint64((k * per[0] + j) * 8));
    syms.push(row);
  }
  c.x.XFree(p);
  return { min: min[0], per: per[0], syms };
}

/** Where a keysym is: its keycode, and whether Shift is needed for it. */
interface Place {
  code: number;
  shift: boolean;
}

function find(map: ReturnType<typeof keymap>, sym: bigint): Place | undefined {
  for (let i = 0; i < map.syms.length; i++) {
    const col = map.syms[i].indexOf(sym);
    if (col === 0 || col === 1) return { code: map.min + i, shift: col === 1 };
  }
  return undefined;
}

/** The keysym of a character (Latin-1 as itself, the rest as Unicode keysyms). */
function charKeysym(ch: string): bigint {
  const cp = ch.codePointAt(0)!;
  if (ch === "\n") return 0xff0dn; // Return
  if (ch === "\t") return 0xff09n; // Tab
  return BigInt(cp >= 0x20 && cp <= 0xff ? cp : 0x01000000 + cp);
}

/**
 * Finds every keysym on the map, binding the missing ones to spare keycodes (all at once, then
 * a pause for the clients to reload the map). Throws when no spare keycode is left.
 */
async function places(c: Connection, syms: bigint[]): Promise<Place[]> {
  let map = keymap(c);
  const missing = [...new Set(syms)].filter((s) => !find(map, s));
  if (missing.length > 0) {
    const spare: number[] = [];
    for (let i = map.syms.length - 1; i >= 0 && spare.length < missing.length; i--) {
      if (map.syms[i].every((s) => s === 0n)) spare.push(map.min + i);
    }
    // None left: reuse the keycodes the kit bound longest ago.
    const old = [...c.bound.entries()];
    while (spare.length < missing.length && old.length > 0) {
      const [sym, code] = old.shift()!;
      c.bound.delete(sym);
      spare.push(code);
    }
    if (spare.length < missing.length) {
      throw new Error(`the X keyboard map has no spare keycode for ${missing.length} characters`);
    }
    missing.forEach((sym, i) => {
      const row = new BigUint64Array(map.per).fill(0n);
      row[0] = sym;
      if (map.per > 1) row[1] = sym;
      c.x.XChangeKeyboardMapping(c.dpy, spare[i], map.per, row, 1);
      c.bound.set(sym, spare[i]);
    });
    c.x.XSync(c.dpy, 0);
    // Clients (GDK) reload the map when the server says it changed; keys sent before that would
    // be read with the old map.
    await new Promise((r) => setTimeout(r, 200));
    map = keymap(c);
  }
  return syms.map((s) => {
    const p = find(map, s);
    if (!p) throw new Error(`keysym 0x${s.toString(16)} could not be put on the keyboard map`);
    return p;
  });
}

const SHIFT = 0xffe1n;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Moves the pointer to (x, y) on the screen and clicks the left button there. */
export async function clickAt(x: number, y: number): Promise<void> {
  const c = open();
  c.t.XTestFakeMotionEvent(c.dpy, -1, Math.round(x), Math.round(y), 0n);
  c.x.XSync(c.dpy, 0);
  await pause(30); // the pointer enters the page before the press, as a hand's would
  c.t.XTestFakeButtonEvent(c.dpy, 1, 1, 0n);
  c.x.XSync(c.dpy, 0);
  await pause(20);
  c.t.XTestFakeButtonEvent(c.dpy, 1, 0, 0n);
  c.x.XSync(c.dpy, 0);
}

/** Presses keys given as X keysym names (`ctrl+s`, `Return`, `U00E9`), one combination after another. */
export async function pressKeys(...combos: string[]): Promise<void> {
  const c = open();
  const names: Record<string, string> = {
    ctrl: "Control_L",
    shift: "Shift_L",
    alt: "Alt_L",
    super: "Super_L",
  };
  for (const combo of combos) {
    const syms = combo.split("+").map((n) => {
      const sym = c.x.XStringToKeysym(new TextEncoder().encode(`${names[n] ?? n}\0`));
      if (sym === 0n) throw new Error(`press: X has no key named "${n}"`);
      return sym;
    });
    const [...all] = await places(c, syms);
    const key = all.pop()!;
    const mods = all.map((p) => p.code);
    // A key that sits at the Shift level (plus, upper-case letters) needs Shift held too.
    if (key.shift && !syms.includes(SHIFT)) mods.push((await places(c, [SHIFT]))[0].code);
    for (const m of mods) c.t.XTestFakeKeyEvent(c.dpy, m, 1, 0n);
    c.t.XTestFakeKeyEvent(c.dpy, key.code, 1, 0n);
    c.t.XTestFakeKeyEvent(c.dpy, key.code, 0, 0n);
    for (const m of mods.reverse()) c.t.XTestFakeKeyEvent(c.dpy, m, 0, 0n);
    c.x.XSync(c.dpy, 0);
    await pause(30);
  }
}

/** Types `text` into the focused window, one key per character (any character). */
export async function typeText(text: string): Promise<void> {
  const c = open();
  const chars = [...text];
  const found = await places(c, [...chars.map(charKeysym), SHIFT]);
  const shift = found.pop()!;
  for (const p of found) {
    if (p.shift) c.t.XTestFakeKeyEvent(c.dpy, shift.code, 1, 0n);
    c.t.XTestFakeKeyEvent(c.dpy, p.code, 1, 0n);
    c.t.XTestFakeKeyEvent(c.dpy, p.code, 0, 0n);
    if (p.shift) c.t.XTestFakeKeyEvent(c.dpy, shift.code, 0, 0n);
    c.x.XSync(c.dpy, 0);
    await pause(15);
  }
}
