/** DOM `KeyboardEvent.code` names → X11 keysyms (the US layout's unshifted symbol). @module */

const named: Record<string, number> = {
  Backquote: 0x60,
  Backslash: 0x5c,
  BracketLeft: 0x5b,
  BracketRight: 0x5d,
  Comma: 0x2c,
  Equal: 0x3d,
  Minus: 0x2d,
  Period: 0x2e,
  Quote: 0x27,
  Semicolon: 0x3b,
  Slash: 0x2f,
  Space: 0x20,
  Backspace: 0xff08,
  Tab: 0xff09,
  Enter: 0xff0d,
  Pause: 0xff13,
  ScrollLock: 0xff14,
  Escape: 0xff1b,
  Home: 0xff50,
  ArrowLeft: 0xff51,
  ArrowUp: 0xff52,
  ArrowRight: 0xff53,
  ArrowDown: 0xff54,
  PageUp: 0xff55,
  PageDown: 0xff56,
  End: 0xff57,
  PrintScreen: 0xff61,
  Insert: 0xff63,
  ContextMenu: 0xff67,
  NumLock: 0xff7f,
  NumpadEnter: 0xff8d,
  NumpadMultiply: 0xffaa,
  NumpadAdd: 0xffab,
  NumpadSubtract: 0xffad,
  NumpadDecimal: 0xffae,
  NumpadDivide: 0xffaf,
  CapsLock: 0xffe5,
  Delete: 0xffff,
  AudioVolumeDown: 0x1008ff11,
  AudioVolumeMute: 0x1008ff12,
  AudioVolumeUp: 0x1008ff13,
  MediaPlayPause: 0x1008ff14,
  MediaStop: 0x1008ff15,
  MediaTrackPrevious: 0x1008ff16,
  MediaTrackNext: 0x1008ff17,
};

/** The keysym for a DOM code, or undefined when the key has none here. */
export function keysymOf(code: string): number | undefined {
  if (Object.hasOwn(named, code)) return named[code];
  let m = /^Key([A-Z])$/.exec(code);
  if (m) return m[1].toLowerCase().charCodeAt(0); // XK_a … XK_z
  m = /^Digit([0-9])$/.exec(code);
  if (m) return 0x30 + Number(m[1]);
  m = /^Numpad([0-9])$/.exec(code);
  if (m) return 0xffb0 + Number(m[1]); // XK_KP_0 …
  m = /^F([1-9]|1[0-9]|2[0-4])$/.exec(code);
  if (m) return 0xffbd + Number(m[1]); // XK_F1 = 0xffbe
  return undefined;
}
