/**
 * The desktop's global keys as the app offers them to plugins. The X11 code loads on the first
 * grab: an app that grabs nothing never opens libxcb.
 * @module
 */

import type { GlobalKeys } from "../../plugins/native.ts";
import { loadLater } from "../../ffi/load_later.ts";

// A computed specifier: a literal import() would make Deno load it with the app (graph.ts).
const x11 = async () =>
  (await loadLater<typeof import("./x11_grabs.ts")>(new URL("./x11_grabs.ts", import.meta.url)))
    .x11GlobalKeys();

/** Global keys through X11 key grabs (clear errors on Wayland or without a display). */
export const globalKeys: GlobalKeys = {
  grab: async (combo, onKey) => await (await x11()).grab(combo, onKey),
  ungrab: async (combo) => await (await x11()).ungrab(combo),
};
