/**
 * JavaScriptCore's thread-suspend signal in this process, moved off SIGUSR1 before WebKit starts.
 *
 * WTF (WebKit's base library, linked by the UI process too) installs a process-wide handler for
 * the signal it suspends threads with during garbage collection: SIGUSR1 unless configured.
 * Deno answers SIGUSR1 by opening its inspector; with WTF's handler there instead, a
 * `kill -USR1` crashes the process (SIGSEGV, seen on WebKitGTK 2.50). WTF reads
 * `JSC_SIGNAL_FOR_GC` from the environment, but JavaScriptCore's option parser also reads every
 * `JSC_*` variable and prints `ERROR: invalid option: JSC_SIGNAL_FOR_GC=12` from each WebKit
 * process. The exported C function `JSConfigureSignalForGC` sets the same thing without the
 * variable. See docs/native_linux.md#signals.
 * @module
 */

import { openSystem, SONAMES } from "../native_libs.ts";

/** SIGUSR2 on Linux: the signal WTF uses instead of SIGUSR1. */
export const JSC_GC_SIGNAL = 12;

/**
 * Configures WTF's suspend signal as {@linkcode JSC_GC_SIGNAL} unless the user set
 * `JSC_SIGNAL_FOR_GC` (then WTF reads theirs). Call before the first WebKit object exists.
 * Returns why it could not, or undefined.
 */
export function moveJscGcSignal(): string | undefined {
  let own: string | undefined;
  try {
    own = Deno.env.get("JSC_SIGNAL_FOR_GC");
  } catch {
    own = undefined; // no --allow-env: nothing set that we can see
  }
  if (own !== undefined) return undefined;
  try {
    const jsc = openSystem(SONAMES.jsc, {
      JSConfigureSignalForGC: { parameters: ["i32"], result: "bool" },
    });
    if (jsc.symbols.JSConfigureSignalForGC(JSC_GC_SIGNAL)) return undefined;
    return "JSConfigureSignalForGC refused: JavaScriptCore had already started";
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
