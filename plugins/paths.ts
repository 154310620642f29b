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

/** This user's id; 0 where it cannot be read (no `--allow-sys`: the variable is rarely used). */
function uidOrZero(): number {
  try {
    return Deno.uid() ?? 0;
  } catch {
    return 0;
  }
}

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
    RUNTIME: env("XDG_RUNTIME_DIR") || `/run/user/${uidOrZero()}`,
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

/** Options for {@link globToRegExp} and {@link pathMatches}. */
export interface GlobOptions {
  /**
   * Whether wildcards may match a segment's leading `.`. Off by default, as Tauri's
   * `requireLiteralLeadingDot` on Unix: `$HOME/**` must not hand out `~/.ssh` or `~/.netrc`,
   * which need a literal `.` in the pattern (`$HOME/.config/**`). Deny patterns turn it on, so
   * that a deny is never narrower than it reads.
   */
  dotfiles?: boolean;
}

/**
 * A path glob as a RegExp: `**` any depth, `*` within one segment, `?` one character. Unless
 * `dotfiles` is set, no wildcard matches the `.` that starts a segment (hidden files and folders).
 */
export function globToRegExp(glob: string, options: GlobOptions = {}): RegExp {
  const noDot = options.dotfiles ? "" : "(?!\\.)";
  const segment = `${noDot}[^/]*`;
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    const segmentStart = i === 0 || glob[i - 1] === "/";
    if (c === "*" && glob[i + 1] === "*") {
      if (segmentStart && glob[i + 2] === "/") {
        // "**/": any number of whole segments, including none.
        re += `(?:${segment}/)*`;
        i += 2;
      } else if (segmentStart && i > 0 && i + 2 === glob.length) {
        // A trailing "/**" also matches the folder itself.
        re = re.slice(0, -1) + `(?:/${segment})*`;
        i += 1;
      } else {
        // "**" inside a segment: anything, but still no hidden segment after a "/".
        re += `${segmentStart ? noDot : ""}[^/]*(?:/${segment})*`;
        i += 1;
      }
    } else if (c === "*") re += `${segmentStart ? noDot : ""}[^/]*`;
    else if (c === "?") re += segmentStart && !options.dotfiles ? "[^/.]" : "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** Whether `path` (absolute, normalised) matches the glob `pattern` after variable expansion. */
export function pathMatches(
  path: string,
  pattern: string,
  dirs: AppDirs,
  options: GlobOptions = {},
): boolean {
  return globToRegExp(expandGlob(pattern, dirs), options).test(path);
}

/** `pattern` with its variables expanded and, when absolute, normalised (`..` resolved). */
export function expandGlob(pattern: string, dirs: AppDirs): string {
  const expanded = expandVars(pattern, dirs);
  return expanded.startsWith("/") ? normalizeGlob(expanded) : expanded;
}

function normalizeGlob(glob: string): string {
  const trailing = glob.endsWith("/") && glob.length > 1;
  const n = normalizePath(glob);
  return trailing ? n + "/" : n;
}

/** A path runs through a symbolic link whose target does not exist, so where it leads is unknown. */
export class DanglingLinkError extends Error {
  /** The dangling link. */
  readonly link: string;
  constructor(link: string) {
    super(`${link} is a symbolic link to nothing`);
    this.name = "DanglingLinkError";
    this.link = link;
  }
}

/**
 * The canonical form of an absolute, normalised `path`: every symbolic link resolved
 * (`realpath`). For a path that does not exist yet, the realpath of its nearest existing
 * ancestor plus the rest. Throws {@link DanglingLinkError} when that ancestor is a dangling link.
 */
export async function canonicalPath(path: string): Promise<string> {
  let head = path;
  const rest: string[] = [];
  for (;;) {
    try {
      const real = await Deno.realPath(head);
      return rest.length === 0 ? real : `${real === "/" ? "" : real}/${rest.join("/")}`;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound) || head === "/") throw e;
      // realpath fails on a link to nothing too: creating through it would land anywhere.
      if (await lexists(head)) throw new DanglingLinkError(head);
      rest.unshift(head.slice(head.lastIndexOf("/") + 1));
      head = head.slice(0, head.lastIndexOf("/")) || "/";
    }
  }
}

/**
 * Like {@link canonicalPath} but the last segment is kept as it is (not followed): the entry
 * itself, for calls that act on a link rather than its target (lstat, remove, rename).
 */
export async function canonicalEntry(path: string): Promise<string> {
  if (path === "/") return "/";
  const cut = path.lastIndexOf("/");
  const parent = await canonicalPath(path.slice(0, cut) || "/");
  return `${parent === "/" ? "" : parent}${path.slice(cut)}`;
}

async function lexists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The expanded glob with its literal folder prefix (the segments before the first wildcard)
 * resolved through symbolic links, so that it compares with canonical paths: a scope on
 * `$HOME/notes/**` still covers the files when `notes` is a link. Relative globs are unchanged.
 */
export async function canonicalGlob(glob: string): Promise<string> {
  if (!glob.startsWith("/")) return glob;
  const segments = glob.split("/");
  const wild = segments.findIndex((s) => /[*?]/.test(s));
  const literal = (wild < 0 ? segments : segments.slice(0, wild)).join("/") || "/";
  let real: string;
  try {
    real = await canonicalPath(literal);
  } catch {
    return glob;
  }
  if (wild < 0) return real;
  return `${real === "/" ? "" : real}/${segments.slice(wild).join("/")}`;
}

/**
 * Whether some path strictly beneath the folder `dir` could match `glob` (expanded, absolute
 * or relative as in {@link pathMatches}; wildcards here match dotfiles, as for deny patterns).
 * Used to refuse moving, removing, copying or sizing a folder that holds denied paths.
 */
export function globMayMatchBeneath(dir: string, glob: string): boolean {
  const d = dir === "/" ? [""] : dir.split("/");
  const g = glob.split("/");
  // "a**b" spans folders as "**" does; treat it as one to stay on the safe side.
  const any = (s: string) => s.includes("**");
  const one = (s: string, name: string) => globToRegExp(s, { dotfiles: true }).test(name);
  const walk = (i: number, j: number): boolean => {
    // Every folder segment is matched: anything left in the glob can match a deeper path.
    if (i === d.length) return j < g.length && !(g.length - j === 1 && g[j] === "");
    if (j === g.length) return false;
    if (any(g[j])) return walk(i, j + 1) || walk(i + 1, j);
    return one(g[j], d[i]) && walk(i + 1, j + 1);
  };
  return walk(0, 0);
}
