/**
 * Key combinations as tests write them (`"Ctrl+S"`, `"Shift+Tab"`, `"Enter"`, the menu's
 * accelerator syntax), parsed once and turned into what each input path needs: X keysym names
 * for `xdotool key` (native windows) and DevTools key events (headless Chromium).
 * @module
 */

/** A modifier, as the page sees it (`ctrlKey`, `shiftKey`, `altKey`, `metaKey`). */
export type Modifier = "Ctrl" | "Shift" | "Alt" | "Meta";

/** One parsed combination: modifiers held while `key` is pressed. */
export interface KeyCombo {
  /** The modifiers, in the order Ctrl, Shift, Alt, Meta. */
  modifiers: Modifier[];
  /** The key: one character (`"s"`, `"+"`, `"é"`), or a name from {@linkcode NAMED_KEYS}. */
  key: string;
}

const MODIFIERS: Record<string, Modifier> = {
  ctrl: "Ctrl",
  control: "Ctrl",
  cmdorctrl: "Ctrl", // Linux: the Command key of the accelerator syntax is Control
  commandorcontrol: "Ctrl",
  shift: "Shift",
  alt: "Alt",
  option: "Alt",
  meta: "Meta",
  super: "Meta",
  cmd: "Meta",
  command: "Meta",
};

/** Named keys: the name tests use → [X keysym, DOM `key`, DOM `code`, Windows key code, text]. */
export const NAMED_KEYS: Readonly<
  Record<string, readonly [string, string, string, number, string]>
> = {
  Enter: ["Return", "Enter", "Enter", 13, "\r"],
  Tab: ["Tab", "Tab", "Tab", 9, ""],
  Escape: ["Escape", "Escape", "Escape", 27, ""],
  Backspace: ["BackSpace", "Backspace", "Backspace", 8, ""],
  Delete: ["Delete", "Delete", "Delete", 46, ""],
  Insert: ["Insert", "Insert", "Insert", 45, ""],
  Space: ["space", " ", "Space", 32, " "],
  ArrowUp: ["Up", "ArrowUp", "ArrowUp", 38, ""],
  ArrowDown: ["Down", "ArrowDown", "ArrowDown", 40, ""],
  ArrowLeft: ["Left", "ArrowLeft", "ArrowLeft", 37, ""],
  ArrowRight: ["Right", "ArrowRight", "ArrowRight", 39, ""],
  Home: ["Home", "Home", "Home", 36, ""],
  End: ["End", "End", "End", 35, ""],
  PageUp: ["Prior", "PageUp", "PageUp", 33, ""],
  PageDown: ["Next", "PageDown", "PageDown", 34, ""],
  Plus: ["plus", "+", "Equal", 187, "+"],
  ...Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [
      `F${i + 1}`,
      [
        `F${i + 1}`,
        `F${i + 1}`,
        `F${i + 1}`,
        112 + i,
        "",
      ] as const,
    ]),
  ),
};

const ALIASES: Record<string, string> = {
  return: "Enter",
  esc: "Escape",
  del: "Delete",
  up: "ArrowUp",
  down: "ArrowDown",
  left: "ArrowLeft",
  right: "ArrowRight",
  pgup: "PageUp",
  pgdown: "PageDown",
  " ": "Space",
  "+": "Plus",
};

function canonicalName(word: string): string | undefined {
  if (ALIASES[word.toLowerCase()]) return ALIASES[word.toLowerCase()];
  return Object.keys(NAMED_KEYS).find((k) => k.toLowerCase() === word.toLowerCase());
}

/**
 * Parses `"Ctrl+Shift+S"`, `"Ctrl++"` (the plus key), `"Enter"`, `"é"`. Throws a TypeError that
 * names the part it does not know.
 */
export function parseKeys(combo: string): KeyCombo {
  if (typeof combo !== "string" || combo.length === 0) {
    throw new TypeError(`press: a key combination must be a non-empty string (got ${combo})`);
  }
  // "Ctrl++" is Ctrl and the plus key: a trailing "+" after a "+" is the key itself.
  const parts = combo.endsWith("++")
    ? [...combo.slice(0, -2).split("+"), "+"]
    : combo === "+"
    ? ["+"]
    : combo.split("+");
  const key = parts.pop()!;
  const modifiers = new Set<Modifier>();
  for (const m of parts) {
    const mod = MODIFIERS[m.trim().toLowerCase()];
    if (!mod) throw new TypeError(`press: unknown modifier "${m}" in "${combo}"`);
    modifiers.add(mod);
  }
  const named = canonicalName(key);
  if (!named && [...key].length !== 1) {
    throw new TypeError(
      `press: unknown key "${key}" in "${combo}" (one character, or one of ${
        Object.keys(NAMED_KEYS).join(", ")
      })`,
    );
  }
  const order: Modifier[] = ["Ctrl", "Shift", "Alt", "Meta"];
  // With modifiers a letter names its key ("Ctrl+S" is Ctrl and the S key, as in menus); alone
  // it is the character ("A" types a capital A).
  const letter = !named && /^[a-z]$/i.test(key) && modifiers.size > 0 ? key.toLowerCase() : key;
  return { modifiers: order.filter((m) => modifiers.has(m)), key: named ?? letter };
}

/** The combination as `xdotool key` takes it (`ctrl+shift+s`, `Return`, `U00E9`). */
export function xdotoolKey(combo: KeyCombo): string {
  const mods = combo.modifiers.map((m) => m === "Meta" ? "super" : m.toLowerCase());
  const named = NAMED_KEYS[combo.key];
  let key: string;
  if (named) key = named[0];
  else if (/^[A-Z]$/.test(combo.key)) {
    key = `${mods.includes("shift") ? "" : "shift+"}${combo.key.toLowerCase()}`;
  } else if (/^[a-z0-9]$/.test(combo.key)) key = combo.key;
  // Any other character by its Unicode keysym: xdotool maps it to a spare keycode if needed.
  else key = `U${combo.key.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  return [...mods, key].join("+");
}

/** One DevTools `Input.dispatchKeyEvent` key-down (the key-up is the same with type keyUp). */
export interface DevtoolsKey {
  /** DOM `key`. */
  key: string;
  /** DOM `code`. */
  code: string;
  /** Legacy `keyCode`. */
  windowsVirtualKeyCode: number;
  /** Bits: Alt 1, Ctrl 2, Meta 4, Shift 8. */
  modifiers: number;
  /** The text the key types ("" when it types none, or when Ctrl/Alt/Meta is held). */
  text: string;
}

/** The combination as a DevTools key event. */
export function devtoolsKey(combo: KeyCombo): DevtoolsKey {
  const bit = { Alt: 1, Ctrl: 2, Meta: 4, Shift: 8 } as const;
  const modifiers = combo.modifiers.reduce((n, m) => n | bit[m], 0) |
    (/^[A-Z]$/.test(combo.key) ? bit.Shift : 0);
  // An upper-case letter is that letter's key with Shift.
  const shifted = combo.modifiers.includes("Shift") || /^[A-Z]$/.test(combo.key);
  const named = NAMED_KEYS[combo.key];
  let key: string, code: string, vk: number, text: string;
  if (named) [, key, code, vk, text] = named;
  else if (/^[a-z]$/i.test(combo.key)) {
    key = shifted ? combo.key.toUpperCase() : combo.key.toLowerCase();
    code = `Key${combo.key.toUpperCase()}`;
    vk = combo.key.toUpperCase().charCodeAt(0);
    text = key;
  } else if (/^[0-9]$/.test(combo.key)) {
    key = combo.key;
    code = `Digit${combo.key}`;
    vk = combo.key.charCodeAt(0);
    text = key;
  } else {
    key = combo.key;
    code = "";
    vk = 0;
    text = key;
  }
  // A key typed with Ctrl, Alt or Meta held is a shortcut: it types nothing.
  if (combo.modifiers.some((m) => m !== "Shift")) text = "";
  return { key, code, windowsVirtualKeyCode: vk, modifiers, text };
}
