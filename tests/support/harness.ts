/** Shared test helpers. @module */

/** Polls `fn` until it returns a truthy value, or fails after `timeoutMs` with `what`. */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ""}`,
  );
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
