/**
 * What the demo and the tests need from the system, installed when
 * possible (Debian, as root) and otherwise named exactly.
 * @module
 */

import { type Display, startDisplay } from "../testing/display.ts";

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

export type { Display } from "../testing/display.ts";

/** Uses $DISPLAY when set; otherwise starts Xvfb (+ openbox) on a free display. */
export function ensureDisplay(withWindowManager = true): Promise<Display> {
  return startDisplay({ windowManager: withWindowManager });
}
