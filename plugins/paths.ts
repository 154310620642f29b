/**
 * Per-app and user folders (Tauri's `BaseDirectory` and the `$APPDATA`-style
 * scope variables), path normalisation and path globs for scopes.
 * @module
 */

/** Folders by Tauri's variable name (without `$`): `APPDATA`, `HOME`, `TEMP`, … */
export type AppDirs = Readonly<Record<string, string>>;

/** Tauri's `BaseDirectory` enum values (`@tauri-apps/api/path`) → variable names. */
export const BASE_DIRECTORY: Readonly<Record<number, string>> = {
  1: "AUDIO",
  2: "CACHE",
  3: "CONFIG",
  4: "DATA",
  5: "LOCALDATA",
  6: "DOCUMENT",
  7: "DOWNLOAD",
  8: "PICTURE",
  9: "PUBLIC",
  10: "VIDEO",
  11: "RESOURCE",
  12: "TEMP",
  13: "APPCONFIG",
  14: "APPDATA",
  15: "APPLOCALDATA",
  16: "APPCACHE",
  17: "APPLOG",
  18: "DESKTOP",
  19: "EXE",
  20: "FONT",
  21: "HOME",
  22: "RUNTIME",
  23: "TEMPLATE",
};

/** The folders for `identifier` on this machine (XDG layout, as Tauri uses on Linux). */
export function appDirs(identifier: string, env: (k: string) => string | undefined): AppDirs {
  const home = env("HOME") ?? "/";
  const data = env("XDG_DATA_HOME") || `${home}/.local/share`;
  const config = env("XDG_CONFIG_HOME") || `${home}/.config`;
  const cache = env("XDG_CACHE_HOME") || `${home}/.cache`;
  let resource = Deno.cwd();
  try {
    const main = new URL(Deno.mainModule);
    if (main.protocol === "file:") resource = main.pathname.replace(/\/[^/]*$/, "") || "/";
  } catch { /* no main module (REPL): the working directory */ }
  return {
    HOME: home,
    DATA: data,
    LOCALDATA: data,
    CONFIG: config,
    CACHE: cache,
    TEMP: env("TMPDIR") || "/tmp",
    RUNTIME: env("XDG_RUNTIME_DIR") || `/run/user/${Deno.uid?.() ?? 0}`,
    APPDATA: `${data}/${identifier}`,
    APPLOCALDATA: `${data}/${identifier}`,
    APPCONFIG: `${config}/${identifier}`,
    APPCACHE: `${cache}/${identifier}`,
    APPLOG: `${data}/${identifier}/logs`,
    DESKTOP: `${home}/Desktop`,
    DOCUMENT: `${home}/Documents`,
    DOWNLOAD: `${home}/Downloads`,
    PICTURE: `${home}/Pictures`,
    AUDIO: `${home}/Music`,
    VIDEO: `${home}/Videos`,
    PUBLIC: `${home}/Public`,
    TEMPLATE: `${home}/Templates`,
    FONT: `${data}/fonts`,
    EXE: `${home}/.local/bin`,
    RESOURCE: resource,
  };
}

/** Removes `.`, `..` and repeated slashes; `..` never climbs above `/`. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

/** Replaces `$VAR` prefixes (`$HOME/notes`) with folders; an unknown variable is an error. */
export function expandVars(pattern: string, dirs: AppDirs): string {
  return pattern.replace(/\$([A-Z]+)/g, (_m, name: string) => {
    const dir = dirs[name];
    if (dir === undefined) {
      throw new Error(
        `unknown path variable $${name} (known: ${
          Object.keys(dirs).map((k) => "$" + k).join(", ")
        })`,
      );
    }
    return dir;
  });
}

/** A path glob as a RegExp: `**` any depth, `*` within one segment, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      // "/**" also matches the folder itself; "**/" also matches no folder.
      if (glob[i + 2] === "/") {
        re += "(?:.*/)?";
        i += 2;
      } else {
        if (re.endsWith("/")) re = re.slice(0, -1) + "(?:/.*)?";
        else re += ".*";
        i += 1;
      }
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** Whether `path` (absolute, normalised) matches the glob `pattern` after variable expansion. */
export function pathMatches(path: string, pattern: string, dirs: AppDirs): boolean {
  const expanded = expandVars(pattern, dirs);
  const glob = expanded.startsWith("/") ? normalizeGlob(expanded) : expanded;
  return globToRegExp(glob).test(path);
}

function normalizeGlob(glob: string): string {
  const trailing = glob.endsWith("/") && glob.length > 1;
  const n = normalizePath(glob);
  return trailing ? n + "/" : n;
}
