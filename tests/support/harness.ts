/** Shared test helpers. @module */

import { waitFor as kitWaitFor } from "../../testing/wait.ts";

/**
 * Polls `fn` until it returns a truthy value, or fails after `timeoutMs` with `what`: the test
 * kit's `waitFor` (testing/wait.ts) under the signature older test files use. New tests import
 * `waitFor` from `../testing.ts` and pass `{ what, timeout }`.
 */
export function waitFor<T>(
  fn: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  return kitWaitFor(fn, { what, timeout: timeoutMs, interval: 25 });
}

/** Deno test options for tests that open real windows: the UI thread lives for the process. */
export const WINDOW_TEST = { sanitizeOps: false, sanitizeResources: false } as const;

/** Whether a window manager is running (maximize/minimize need one). */
export async function hasWindowManager(): Promise<boolean> {
  try {
    const out = await new Deno.Command("pgrep", { args: ["-x", "openbox"], stdout: "null" })
      .output();
    return out.success;
  } catch {
    return false;
  }
}

/** Resident set size high-water mark of this process, in MiB. */
export function peakRssMiB(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Current RSS of this process, in MiB. */
export function rssMiB(): number {
  return Deno.memoryUsage().rss / 1024 / 1024;
}
