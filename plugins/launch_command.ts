/**
 * The command line that starts this app again (for `.desktop` entries: deep-link's URL handler,
 * autostart): the program and the runtime's own flags as this process was started, the main
 * module's path made absolute, without the app's arguments. A `.desktop` `Exec` line needs it
 * quoted by the Desktop Entry rules.
 * @module
 */

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
  return base;
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
