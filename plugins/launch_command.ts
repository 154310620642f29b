/**
 * The command line that starts this app again (for `.desktop` entries: deep-link's URL handler,
 * autostart): the program and the runtime's own flags as this process was started, the main
 * module's path made absolute, without the app's arguments. A `.desktop` `Exec` line needs it
 * quoted by the Desktop Entry rules.
 * @module
 */

import { normalizePath } from "./paths.ts";

/** This process's argv from /proc (with `deno run`'s flags), or undefined off Linux. */
function procArgv(): string[] | undefined {
  try {
    const raw = Deno.readTextFileSync("/proc/self/cmdline");
    const argv = raw.split("\0");
    if (argv[argv.length - 1] === "") argv.pop();
    return argv.length ? argv : undefined;
  } catch {
    return undefined;
  }
}

function mainPath(): string | undefined {
  try {
    const main = new URL(Deno.mainModule);
    return main.protocol === "file:" ? decodeURIComponent(main.pathname) : undefined;
  } catch {
    return undefined;
  }
}

/** Runtime flags whose values are paths (`--allow-read=.`, `--config deno.json`). */
const PATH_FLAGS = new Set([
  "--allow-read",
  "--allow-write",
  "--allow-ffi",
  "--deny-read",
  "--deny-write",
  "--deny-ffi",
  "--config",
  "-c",
  "--import-map",
  "--lock",
  "--env-file",
  "--cert",
]);
/** Those that take their value as the next argument as well (`--config deno.json`). */
const SEPARATE_VALUE = new Set(["--config", "-c", "--import-map", "--lock", "--cert"]);

function absolute(path: string, cwd: string): string {
  if (path.startsWith("/") || path === "") return path;
  return normalizePath(`${cwd}/${path}`);
}

/**
 * `argv` with the relative paths in runtime flags made absolute against `cwd`: the desktop
 * starts the entry in another folder (`--allow-read=.` must still mean this folder).
 */
export function absoluteFlags(argv: string[], cwd: string): string[] {
  const out = [...argv];
  for (let i = 1; i < out.length; i++) {
    const a = out[i];
    const eq = a.indexOf("=");
    if (a.startsWith("-") && eq > 0 && PATH_FLAGS.has(a.slice(0, eq))) {
      const values = a.slice(eq + 1).split(",").map((v) => absolute(v, cwd));
      out[i] = `${a.slice(0, eq)}=${values.join(",")}`;
    } else if (SEPARATE_VALUE.has(a) && i + 1 < out.length) {
      out[i + 1] = absolute(out[i + 1], cwd);
      i++;
    }
  }
  return out;
}

/**
 * The program and arguments that start this app again without its own arguments: for
 * `deno run -A main.ts x` → `[<deno>, "run", "-A", "/abs/main.ts"]`; for a compiled binary,
 * `[<binary>]`.
 */
export function launchCommand(): string[] {
  const argv = procArgv() ?? [Deno.execPath(), ...Deno.args];
  const own = Deno.args.length;
  const tail = argv.slice(argv.length - own);
  const base = own > 0 && tail.every((a, i) => a === Deno.args[i])
    ? argv.slice(0, argv.length - own)
    : argv;
  base[0] = Deno.execPath();
  const main = mainPath();
  if (main) {
    const cwd = Deno.cwd();
    for (let i = 1; i < base.length; i++) {
      const a = base[i];
      if (a.startsWith("-")) continue;
      let abs: string;
      try {
        abs = a.startsWith("file:")
          ? decodeURIComponent(new URL(a).pathname)
          : new URL(a, `file://${cwd}/`).pathname;
        abs = decodeURIComponent(abs);
      } catch {
        continue;
      }
      if (abs === main) base[i] = main;
    }
  }
  return absoluteFlags(base, Deno.cwd());
}

/** One argument quoted for a `.desktop` `Exec` line (Desktop Entry spec, "The Exec key"). */
export function execArg(arg: string): string {
  const escapedPercent = arg.replaceAll("%", "%%");
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(escapedPercent)) return escapedPercent;
  return `"${escapedPercent.replace(/(["`$\\])/g, "\\$1")}"`;
}

/** A whole `Exec` value for `command`, plus field codes such as `%u` appended as they are. */
export function execLine(command: string[], ...fieldCodes: string[]): string {
  const line = [...command.map(execArg), ...fieldCodes].join(" ");
  // A `.desktop` value is one line: a newline in a path would end the entry.
  if (/[\n\r]/.test(line)) throw new Error("the app's command line holds a line break");
  // The value is a string first (where `\\` is one backslash), then a quoted command line.
  return line.replaceAll("\\", "\\\\");
}
