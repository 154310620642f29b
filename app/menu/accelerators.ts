/**
 * Keyboard text of menus: accelerators (`CmdOrCtrl+S`) parsed into GTK's and dbusmenu's forms,
 * and Tauri's `&` mnemonic markers turned into GTK's `_`.
 * @module
 */

/** Turns `&File` (Tauri's mnemonic marker) into GTK's `_File`, escaping literal underscores. */
export function mnemonicLabel(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "_") out += "__";
    else if (c === "&") {
      if (text[i + 1] === "&") {
        out += "&";
        i++;
      } else out += "_";
    } else out += c;
  }
  return out;
}

/** An accelerator in GTK's and dbusmenu's forms. */
export interface ParsedAccelerator {
  /** As given, e.g. `CmdOrCtrl+Shift+S`. */
  text: string;
  /** GTK trigger string, e.g. `<Control><Shift>s`. */
  gtk: string;
  /** dbusmenu `shortcut` form, e.g. `["Control", "Shift", "s"]`. */
  keys: string[];
}

const MODIFIERS: Record<string, string> = {
  cmdorctrl: "Control",
  commandorcontrol: "Control",
  cmdorcontrol: "Control",
  commandorctrl: "Control",
  ctrl: "Control",
  control: "Control",
  cmd: "Super",
  command: "Super",
  super: "Super",
  meta: "Super",
  alt: "Alt",
  option: "Alt",
  shift: "Shift",
};

const NAMED_KEYS: Record<string, string> = {
  space: "space",
  tab: "Tab",
  enter: "Return",
  return: "Return",
  escape: "Escape",
  esc: "Escape",
  backspace: "BackSpace",
  delete: "Delete",
  del: "Delete",
  insert: "Insert",
  home: "Home",
  end: "End",
  pageup: "Page_Up",
  pagedown: "Page_Down",
  up: "Up",
  down: "Down",
  left: "Left",
  right: "Right",
  arrowup: "Up",
  arrowdown: "Down",
  arrowleft: "Left",
  arrowright: "Right",
  plus: "plus",
  "+": "plus",
  minus: "minus",
  "-": "minus",
  equal: "equal",
  "=": "equal",
  comma: "comma",
  ",": "comma",
  period: "period",
  ".": "period",
  slash: "slash",
  "/": "slash",
  backslash: "backslash",
  "\\": "backslash",
  semicolon: "semicolon",
  ";": "semicolon",
  quote: "apostrophe",
  "'": "apostrophe",
  bracketleft: "bracketleft",
  "[": "bracketleft",
  bracketright: "bracketright",
  "]": "bracketright",
  backquote: "grave",
  "`": "grave",
};

/**
 * Parses an accelerator such as `CmdOrCtrl+S`, `Ctrl+Shift+N`, `Alt+F4`,
 * `CmdOrCtrl+Plus` (modifiers: CmdOrCtrl/Ctrl/Control, Cmd/Super/Meta,
 * Alt/Option, Shift; one key: a letter, a digit, F1–F24, a named key or
 * punctuation). Throws a TypeError naming what is wrong.
 */
export function parseAccelerator(text: string): ParsedAccelerator {
  if (typeof text !== "string" || text.trim() === "") {
    throw new TypeError(`invalid accelerator ${JSON.stringify(text)}: expected e.g. "CmdOrCtrl+S"`);
  }
  const raw = text.trim();
  const parts = raw.endsWith("++") ? [...raw.slice(0, -2).split("+"), "+"] : raw.split("+");
  const keyPart = parts.pop()!.trim();
  const mods: string[] = [];
  for (const p of parts) {
    const m = MODIFIERS[p.trim().toLowerCase()];
    if (!m) {
      throw new TypeError(
        `invalid accelerator ${JSON.stringify(text)}: unknown modifier ${JSON.stringify(p)} ` +
          `(use CmdOrCtrl, Ctrl, Alt, Shift, Super)`,
      );
    }
    if (!mods.includes(m)) mods.push(m);
  }
  let key: string | undefined;
  if (/^[A-Za-z0-9]$/.test(keyPart)) key = keyPart.toLowerCase();
  else if (/^F([1-9]|1[0-9]|2[0-4])$/i.test(keyPart)) key = keyPart.toUpperCase();
  else key = NAMED_KEYS[keyPart.toLowerCase()];
  if (!key) {
    throw new TypeError(
      `invalid accelerator ${JSON.stringify(text)}: unknown key ${JSON.stringify(keyPart)}`,
    );
  }
  return { text: raw, gtk: mods.map((m) => `<${m}>`).join("") + key, keys: [...mods, key] };
}
