/**
 * What the demo and the tests need from the system, installed when
 * possible (Debian, as root) and otherwise named exactly. Packages are checked by name, and then
 * the native stack by what actually loads (`ldd`): an image made with `--no-install-recommends`
 * has every package named here and can still lack a library libwebview links (libvulkan.so.1).
 * @module
 */

import { type Display, startDisplay } from "../testing/display.ts";
import { findPackageHint, installCommands, packageForSoname } from "../ffi/native_deps.ts";
import type { SonamePackage } from "../ffi/native_deps.ts";
import { SONAMES } from "../ffi/native_libs.ts";
import { locateWebview } from "../ffi/main/library.ts";

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
  "x11-utils", // xprop, xwininfo: tests read X11 window properties and geometry natively
  "chromium", // the browser transport's tests and bench (headless)
  "xdg-utils", // xdg-mime / xdg-open: deep-link registers and opens URL scheme handlers in tests
  "x11-utils", // xwininfo: the positioner tests read a window's place from the X server
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

async function missingPackages(packages: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const p of packages) {
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

/** A shared object the loader cannot find, what needs it, and the package that provides it. */
export interface MissingSoname {
  soname: string;
  /** The library (as given) whose load needs it. */
  neededBy: string;
  /** Its package, when panes' table knows it. */
  package?: SonamePackage;
}

const LIB_DIRS = Deno.build.arch === "aarch64"
  ? ["/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"]
  : ["/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib"];

function findLibrary(name: string): string | undefined {
  if (name.includes("/")) return name;
  for (const dir of LIB_DIRS) {
    try {
      if (Deno.statSync(`${dir}/${name}`).isFile) return `${dir}/${name}`;
    } catch { /* not here */ }
  }
  return undefined;
}

/**
 * What does not load, by the dynamic loader's own answer: each library (a soname or a path) that
 * cannot be found, and every `not found` line of `ldd` for those that can (all missing
 * dependencies at once, where dlopen stops at the first). `env` is added to ldd's environment.
 * Throws when ldd cannot run.
 */
export async function missingSonames(
  libraries: string[],
  env?: Record<string, string>,
): Promise<MissingSoname[]> {
  const found = new Map<string, MissingSoname>();
  const add = (soname: string, neededBy: string) => {
    if (!found.has(soname)) {
      found.set(soname, { soname, neededBy, package: packageForSoname(soname) });
    }
  };
  for (const lib of libraries) {
    const path = findLibrary(lib);
    if (!path) {
      add(lib, lib);
      continue;
    }
    const out = await new Deno.Command("ldd", {
      args: [path],
      env,
      stdout: "piped",
      stderr: "piped",
    })
      .output();
    for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
      const m = /^\s*(\S+) => not found/.exec(line);
      if (m) add(m[1], lib);
    }
  }
  return [...found.values()];
}

/** The libraries a window loads: WebKitGTK, GTK and the libwebview panes would use. */
export function nativeStack(): string[] {
  const libs: string[] = [SONAMES.webkit, SONAMES.gtk];
  try {
    const webview = locateWebview();
    // A system libwebview.so is no distribution package: only check it where it exists.
    if (webview.source !== "system" || findLibrary(webview.path)) libs.push(webview.path);
  } catch { /* PANES_WEBVIEW_LIB names no file: the first window says so */ }
  return libs;
}

/** One line per missing soname: what needs it and its package, or how to find the package. */
export function describeMissing(missing: MissingSoname[]): string {
  const lines = missing.map((m) =>
    `  ${m.soname} (needed by ${m.neededBy}): ` +
    (m.package ? `package ${m.package.debian}` : findPackageHint(m.soname))
  );
  const known = missing.flatMap((m) => m.package ? [m.package] : []);
  if (known.length) lines.push(`install: ${installCommands(known)}`);
  return lines.join("\n");
}

/**
 * Checks that the native stack loads and, on Debian as root, installs the packages of what is
 * missing; otherwise prints what is missing and what to run, and exits.
 */
async function ensureNativeStackLoads(hasDpkg: boolean): Promise<void> {
  let missing: MissingSoname[];
  try {
    missing = await missingSonames(nativeStack());
  } catch {
    return; // no ldd: the first window's error names what is missing
  }
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.flatMap((m) => m.package ? [m.package.debian] : []))];
  if (hasDpkg && Deno.uid?.() === 0 && pkgs.length) {
    console.error(`panes: the native stack does not load; installing ${pkgs.join(" ")} …`);
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    const install = await new Deno.Command("apt-get", {
      args: ["install", "-y", "-q", ...pkgs],
      env,
      stdout: "null",
    }).output();
    if (!install.success) {
      await new Deno.Command("apt-get", { args: ["update", "-q"], env, stdout: "null" }).output();
      await new Deno.Command("apt-get", {
        args: ["install", "-y", "-q", ...pkgs],
        env,
        stdout: "null",
      })
        .output();
    }
    missing = await missingSonames(nativeStack());
    if (missing.length === 0) return;
  }
  console.error(`panes: the native stack does not load; missing:\n${describeMissing(missing)}`);
  Deno.exit(1);
}

/** Installs missing Debian packages when root; otherwise says what to run and exits. */
export async function ensureSystemPackages(extra: string[] = []): Promise<void> {
  if (Deno.build.os !== "linux") return;
  const hasDpkg = await run(["dpkg-query", "--version"]);
  if (!hasDpkg) {
    console.error(
      "panes: not a Debian system; install WebKitGTK 6.0, GTK 4, Xvfb and openbox with your package manager",
    );
    return await ensureNativeStackLoads(false);
  }
  const missing = await missingPackages([...PACKAGES, ...extra]);
  if (missing.length === 0) return await ensureNativeStackLoads(true);
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
  await ensureNativeStackLoads(true);
}

export type { Display } from "../testing/display.ts";

/** Uses $DISPLAY when set; otherwise starts Xvfb (+ openbox) on a free display. */
export function ensureDisplay(withWindowManager = true): Promise<Display> {
  return startDisplay({ windowManager: withWindowManager });
}

// `deno run -A tools/system.ts [extra packages…]`: the same check and install, alone (.ci/run).
if (import.meta.main) await ensureSystemPackages(Deno.args);
