/** os commands (Tauri's names): facts about the host system. @module */

import type { CommandTable, PluginCommand } from "../plugin.ts";

/** The OS facts the page API exposes synchronously (`__TAURI_OS_PLUGIN_INTERNALS__`). */
export interface OsFacts {
  eol: string;
  platform: string;
  version: string;
  family: string;
  os_type: string;
  arch: string;
  exe_extension: string;
}

/** Reads the OS facts once (the distribution's VERSION_ID when known, else the kernel release). */
export function osFacts(): OsFacts {
  let version = "";
  try {
    const rel = Deno.readTextFileSync("/etc/os-release");
    version = /^VERSION_ID="?([^"\n]*)"?/m.exec(rel)?.[1] ?? "";
  } catch { /* not every system has it */ }
  if (!version) {
    try {
      version = Deno.osRelease();
    } catch { /* --allow-sys not granted */ }
  }
  const os = Deno.build.os;
  return {
    eol: os === "windows" ? "\r\n" : "\n",
    platform: os,
    version,
    family: os === "windows" ? "windows" : "unix",
    os_type: os,
    arch: Deno.build.arch,
    exe_extension: os === "windows" ? "exe" : "",
  };
}

/** The user's locale as a BCP-47 tag (`en-US`), from LC_ALL / LC_MESSAGES / LANG; null when unset. */
export function hostLocale(): string | null {
  for (const k of ["LC_ALL", "LC_MESSAGES", "LANG"]) {
    let v: string | undefined;
    try {
      v = Deno.env.get(k);
    } catch {
      return null;
    }
    if (!v || v === "C" || v === "POSIX" || v.startsWith("C.")) continue;
    return v.replace(/[.@].*$/, "").replace("_", "-");
  }
  return null;
}

const fact = (k: keyof OsFacts): PluginCommand<never> => ({ run: () => osFacts()[k] });

/** The os commands. */
export const osCommands: CommandTable = {
  platform: fact("platform"),
  version: fact("version"),
  os_type: fact("os_type"),
  family: fact("family"),
  arch: fact("arch"),
  exe_extension: fact("exe_extension"),
  locale: { run: () => hostLocale() },
  hostname: { run: () => Deno.hostname() },
};
