/**
 * What the demo and the tests need from the system, installed when
 * possible (Debian, as root) and otherwise named exactly.
 * @module
 */

/** Debian packages: WebKitGTK + GTK 4, a virtual display, a small WM and test tools. */
export const PACKAGES = [
  "libwebkitgtk-6.0-4",
  "libgtk-4-1",
  "xvfb",
  "xauth",
  "openbox",
  "xdotool",
  "dbus-daemon",
  "x11-apps", // xwd: screen captures of native widgets (menu bar) in tests
  "chromium", // the browser transport's tests and bench (headless)
];

async function run(cmd: string[], quiet = true): Promise<boolean> {
  try {
    const out = await new Deno.Command(cmd[0], {
      args: cmd.slice(1),
      stdout: quiet ? "null" : "inherit",
      stderr: quiet ? "null" : "inherit",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

async function missingPackages(): Promise<string[]> {
  const missing: string[] = [];
  for (const p of PACKAGES) {
    if (!(await run(["dpkg-query", "-W", "-f=${Status}", p]))) missing.push(p);
    else {
      const out = await new Deno.Command("dpkg-query", {
        args: ["-W", "-f=${Status}", p],
        stdout: "piped",
      })
        .output();
      if (!new TextDecoder().decode(out.stdout).includes("install ok installed")) missing.push(p);
    }
  }
  return missing;
}

/** Installs missing Debian packages when root; otherwise says what to run and exits. */
export async function ensureSystemPackages(): Promise<void> {
  if (Deno.build.os !== "linux") return;
  const hasDpkg = await run(["dpkg-query", "--version"]);
  if (!hasDpkg) {
    console.error(
      "panes: not a Debian system; install WebKitGTK 6.0, GTK 4, Xvfb and openbox with your package manager",
    );
    return;
  }
  const missing = await missingPackages();
  if (missing.length === 0) return;
  const isRoot = Deno.uid?.() === 0;
  const cmd = `apt-get update && apt-get install -y ${missing.join(" ")}`;
  if (!isRoot) {
    console.error(`panes: missing system packages: ${missing.join(" ")}\nrun: sudo sh -c '${cmd}'`);
    Deno.exit(1);
  }
  console.error(`panes: installing ${missing.join(" ")} …`);
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  const update = await new Deno.Command("apt-get", { args: ["update", "-q"], env, stdout: "null" })
    .output();
  const install = update.success &&
    (await new Deno.Command("apt-get", {
      args: ["install", "-y", "-q", ...missing],
      env,
      stdout: "null",
    }).output()).success;
  if (!install) {
    console.error(`panes: installing failed; run: ${cmd}`);
    Deno.exit(1);
  }
}

/** A virtual X display started for this run (or the existing DISPLAY). */
export interface Display {
  /** The DISPLAY value. */
  name: string;
  /** Stops what was started. */
  stop(): Promise<void>;
}

function socketExists(n: number): boolean {
  try {
    Deno.statSync(`/tmp/.X11-unix/X${n}`);
    return true;
  } catch {
    try {
      Deno.statSync(`/tmp/.X${n}-lock`);
      return true;
    } catch {
      return false;
    }
  }
}

/** Uses $DISPLAY when set; otherwise starts Xvfb (+ openbox) on a free display. */
export async function ensureDisplay(withWindowManager = true): Promise<Display> {
  const existing = Deno.env.get("DISPLAY");
  if (existing) return { name: existing, stop: async () => {} };
  let n = 90;
  while (socketExists(n)) n++;
  const name = `:${n}`;
  const xvfb = new Deno.Command("Xvfb", {
    args: [name, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  for (let i = 0; i < 100 && !socketExists(n); i++) await new Promise((r) => setTimeout(r, 50));
  if (!socketExists(n)) {
    try {
      xvfb.kill();
    } catch { /* already gone */ }
    throw new Error(`Xvfb did not start on ${name}`);
  }
  let wm: Deno.ChildProcess | undefined;
  if (withWindowManager) {
    try {
      wm = new Deno.Command("openbox", { env: { DISPLAY: name }, stdout: "null", stderr: "null" })
        .spawn();
      await new Promise((r) => setTimeout(r, 300));
    } catch {
      wm = undefined; // window-manager tests report themselves as skipped
    }
  }
  return {
    name,
    async stop() {
      for (const p of [wm, xvfb]) {
        if (!p) continue;
        try {
          p.kill("SIGTERM");
        } catch { /* gone */ }
        await p.status;
      }
    },
  };
}
