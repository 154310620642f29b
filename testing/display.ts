/**
 * A virtual X display for code that opens windows where there is no screen (CI, containers,
 * `deno test` over SSH): Xvfb on a free display number, with openbox so that window-manager
 * features (maximize, focus, decorations) behave as on a desktop. Nothing starts at import.
 * @module
 */

/** A display started for this run, or the one already there. */
export interface Display {
  /** The DISPLAY value (`:90`). */
  name: string;
  /** Whether this process started it (and {@linkcode Display.stop} ends it). */
  started: boolean;
  /** Stops what was started; nothing when the display was already there. */
  stop(): Promise<void>;
}

function socketExists(n: number): boolean {
  for (const path of [`/tmp/.X11-unix/X${n}`, `/tmp/.X${n}-lock`]) {
    try {
      Deno.statSync(path);
      return true;
    } catch {
      // not this one
    }
  }
  return false;
}

const MISSING =
  "cannot start a virtual display: Xvfb is not installed (Debian/Ubuntu: `apt-get install -y xvfb xauth openbox`)";

/**
 * Uses `$DISPLAY` when set; otherwise starts Xvfb (and openbox, unless `windowManager` is false)
 * on a free display. Throws with what to install when Xvfb is missing or does not come up.
 * `untilLastClient`: the display lives until this process is gone, without being stopped: Xvfb ends
 * by itself when its last client disconnects, and neither process keeps this one alive.
 */
export async function startDisplay(
  options: { windowManager?: boolean; timeoutMs?: number; untilLastClient?: boolean } = {},
): Promise<Display> {
  const existing = Deno.env.get("DISPLAY");
  if (existing) return { name: existing, started: false, stop: async () => {} };
  let n = 90;
  while (socketExists(n)) n++;
  const name = `:${n}`;
  let xvfb: Deno.ChildProcess;
  try {
    xvfb = new Deno.Command("Xvfb", {
      args: [
        name,
        "-screen",
        "0",
        "1280x1024x24",
        "-nolisten",
        "tcp",
        ...(options.untilLastClient ? ["-terminate"] : []),
      ],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
  } catch (cause) {
    throw new Error(MISSING, { cause });
  }
  const timeoutMs = options.timeoutMs ?? 5000;
  for (let waited = 0; waited < timeoutMs && !socketExists(n); waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!socketExists(n)) {
    try {
      xvfb.kill();
    } catch { /* already gone */ }
    await xvfb.status;
    throw new Error(`Xvfb did not start on ${name} within ${timeoutMs} ms`);
  }
  let wm: Deno.ChildProcess | undefined;
  if (options.windowManager ?? true) {
    try {
      wm = new Deno.Command("openbox", {
        env: { DISPLAY: name },
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn();
      // openbox takes the screen within a few hundred ms; windows mapped before it get no frame.
      await new Promise((r) => setTimeout(r, 300));
    } catch {
      wm = undefined; // no window manager: window-manager features are then not available
    }
  }
  const children = [wm, xvfb].filter((p): p is Deno.ChildProcess => p !== undefined);
  if (options.untilLastClient) {
    // Killing the X server under a live GTK ends the process with status 1 (GDK exits on a lost
    // display), and GTK never closes its display: so the server must outlive this process and
    // go when it does. With `-terminate` Xvfb exits when its last client leaves; openbox is a
    // client for as long as it runs, so it is killed on `unload` (safe for GTK).
    for (const p of children) p.unref();
    globalThis.addEventListener("unload", () => {
      try {
        wm?.kill("SIGTERM");
      } catch { /* gone */ }
    });
  }
  return {
    name,
    started: true,
    async stop() {
      for (const p of children) {
        try {
          p.kill("SIGTERM");
        } catch { /* gone */ }
      }
      for (const p of children) await p.status;
    },
  };
}
