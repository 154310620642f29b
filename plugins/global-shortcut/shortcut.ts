/**
 * Shortcut strings as Tauri's global-shortcut reads them (`CommandOrControl+Shift+K`): modifiers
 * first, one key last, `+` between; parsed to a key (a DOM `code`) and modifiers, with Tauri's
 * canonical spelling (`shift+control+KeyK`) and a numeric id.
 * @module
 */

import { InvokeError } from "../../bridge/invoke_error.ts";
import type { KeyCombo } from "../native.ts";

/** A parsed shortcut. */
export interface Shortcut extends KeyCombo {
  /** Tauri's spelling: `shift+control+alt+meta+<Code>`, modifiers in that order. */
  name: string;
  /** (modifier bits << 16) | key number: the same for every spelling of one shortcut. */
  id: number;
}

const MODIFIER_WORDS: Record<string, keyof Omit<KeyCombo, "code">> = {
  OPTION: "alt",
  ALT: "alt",
  CONTROL: "control",
  CTRL: "control",
  COMMAND: "meta",
  CMD: "meta",
  SUPER: "meta",
  META: "meta",
  SHIFT: "shift",
  // Off macOS, "command or control" is Control.
  COMMANDORCONTROL: "control",
  COMMANDORCTRL: "control",
  CMDORCTRL: "control",
  CMDORCONTROL: "control",
};

/** Keys by DOM code; the order gives each its number in ids. */
const CODES = [
  ..."ABCDEFGHIJKLMNOPQRSTUVWXYZ".split("").map((c) => `Key${c}`),
  ..."0123456789".split("").map((d) => `Digit${d}`),
  ..."0123456789".split("").map((d) => `Numpad${d}`),
  ...Array.from({ length: 24 }, (_, i) => `F${i + 1}`),
  "Backquote",
  "Backslash",
  "BracketLeft",
  "BracketRight",
  "Comma",
  "Equal",
  "Minus",
  "Period",
  "Quote",
  "Semicolon",
  "Slash",
  "Space",
  "Backspace",
  "Tab",
  "Enter",
  "Escape",
  "Delete",
  "Insert",
  "Home",
  "End",
  "PageUp",
  "PageDown",
  "ArrowUp",
  "ArrowDown",
  "ArrowLeft",
  "ArrowRight",
  "PrintScreen",
  "ScrollLock",
  "Pause",
  "CapsLock",
  "NumLock",
  "ContextMenu",
  "NumpadAdd",
  "NumpadSubtract",
  "NumpadMultiply",
  "NumpadDivide",
  "NumpadDecimal",
  "NumpadEnter",
  "AudioVolumeUp",
  "AudioVolumeDown",
  "AudioVolumeMute",
  "MediaPlayPause",
  "MediaStop",
  "MediaTrackNext",
  "MediaTrackPrevious",
];
const BY_UPPER = new Map(CODES.map((c, i) => [c.toUpperCase(), i]));

/** Short spellings Tauri accepts besides the code names. */
const ALIASES: Record<string, string> = {
  "`": "Backquote",
  "\\": "Backslash",
  "[": "BracketLeft",
  "]": "BracketRight",
  ",": "Comma",
  "=": "Equal",
  "-": "Minus",
  ".": "Period",
  "'": "Quote",
  ";": "Semicolon",
  "/": "Slash",
  ESC: "Escape",
  UP: "ArrowUp",
  DOWN: "ArrowDown",
  LEFT: "ArrowLeft",
  RIGHT: "ArrowRight",
  PAUSEBREAK: "Pause",
  NUMADD: "NumpadAdd",
  NUMPADPLUS: "NumpadAdd",
  NUMPLUS: "NumpadAdd",
  NUMSUBTRACT: "NumpadSubtract",
  NUMMULTIPLY: "NumpadMultiply",
  NUMDIVIDE: "NumpadDivide",
  NUMDECIMAL: "NumpadDecimal",
  NUMENTER: "NumpadEnter",
  VOLUMEUP: "AudioVolumeUp",
  VOLUMEDOWN: "AudioVolumeDown",
  VOLUMEMUTE: "AudioVolumeMute",
  MEDIATRACKPREV: "MediaTrackPrevious",
};

const MODIFIER_BITS = { alt: 0x01, control: 0x08, meta: 0x40, shift: 0x200 } as const;

function bad(message: string): InvokeError {
  return new InvokeError(message, undefined, "global-shortcut");
}

function keyIndex(token: string): number {
  const up = token.toUpperCase();
  let i = BY_UPPER.get(up);
  if (i === undefined && /^[A-Z0-9]$/.test(up)) {
    i = BY_UPPER.get(/[0-9]/.test(up) ? `DIGIT${up}` : `KEY${up}`);
  }
  if (i === undefined && /^NUM[0-9]$/.test(up)) i = BY_UPPER.get(`NUMPAD${up[3]}`);
  if (i === undefined && ALIASES[up]) i = BY_UPPER.get(ALIASES[up].toUpperCase());
  if (i === undefined) {
    throw bad(`Couldn't recognize "${token}" as a valid key for a global shortcut`);
  }
  return i;
}

/** Parses one shortcut string; a clear `InvokeError` for a malformed one. */
export function parseShortcut(text: string): Shortcut {
  if (typeof text !== "string" || text.trim() === "") throw bad("empty shortcut");
  const tokens = text.split("+").map((t) => t.trim());
  const combo = { shift: false, control: false, alt: false, meta: false };
  let key: number | undefined;
  if (tokens.length === 1) key = keyIndex(tokens[0]);
  else {
    for (const token of tokens) {
      if (token === "") throw bad(`Found empty token while parsing shortcut: ${text}`);
      if (key !== undefined) {
        throw bad(
          `Invalid shortcut format: "${text}", a shortcut has the modifiers first and one main key, for example: "Shift+Alt+K"`,
        );
      }
      const mod = MODIFIER_WORDS[token.toUpperCase()];
      if (mod) combo[mod] = true;
      else key = keyIndex(token);
    }
  }
  if (key === undefined) throw bad(`Invalid shortcut format: "${text}" has no main key`);
  const code = CODES[key];
  const name = `${combo.shift ? "shift+" : ""}${combo.control ? "control+" : ""}${
    combo.alt ? "alt+" : ""
  }${combo.meta ? "meta+" : ""}${code}`;
  let bits = 0;
  for (const m of ["alt", "control", "meta", "shift"] as const) {
    if (combo[m]) bits |= MODIFIER_BITS[m];
  }
  return { ...combo, code, name, id: ((bits << 16) | key) >>> 0 };
}
