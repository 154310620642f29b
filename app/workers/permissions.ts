/**
 * Permissions of a window's worker. Deno 2.9 runs a Worker with its own permissions
 * (`deno.permissions` in the Worker's options) only under `--unstable-worker-options`; without the
 * flag, `new Worker` does not throw: Deno prints a line and ends the whole process (exit code 70).
 * So panes looks for the flag first and throws a clear error instead.
 * @module
 */

/** The worker's Deno permissions: as `deno.permissions` of a Deno `Worker` (they only narrow). */
export type WorkerPermissions = "inherit" | "none" | {
  /** Read access: `true`, `false`, or paths (relative to the current folder). */
  read?: boolean | Array<string | URL>;
  /** Write access. */
  write?: boolean | Array<string | URL>;
  /** Network access: `true`, `false`, or hosts (`"example.com:443"`). */
  net?: boolean | string[];
  /** Environment variables: `true`, `false`, or names. */
  env?: boolean | string[];
  /** Subprocesses: `true`, `false`, or program names/paths. */
  run?: boolean | Array<string | URL>;
  /** Foreign function interface: `true`, `false`, or library paths. */
  ffi?: boolean | Array<string | URL>;
  /** System information: `true`, `false`, or kinds (`"hostname"`, …). */
  sys?: boolean | string[];
  /** Dynamic imports from hosts: `true`, `false`, or hosts. */
  import?: boolean | string[];
};

/** Whether the flag is on, read from a command line, an env and the config files' text. */
export function workerOptionsFlagIn(
  cmdline: readonly string[],
  env: string | undefined,
  configTexts: readonly string[],
): boolean {
  if (env === "1" || env === "true") return true;
  if (cmdline.some((a) => a === "--unstable-worker-options" || a === "--unstable")) return true;
  // deno.json(c): "unstable": ["worker-options", …]
  return configTexts.some((t) => /"unstable"\s*:\s*\[[^\]]*"worker-options"/.test(t));
}

let cached: boolean | undefined;

/**
 * Whether this process may start Workers with their own permissions (Deno's
 * `--unstable-worker-options`, on the command line or as `"unstable": ["worker-options"]` in the
 * deno.json Deno found). A compiled binary does not show its flags: there set
 * `PANES_WORKER_OPTIONS=1` when it was compiled with the flag.
 */
export function workerPermissionsAvailable(): boolean {
  if (cached !== undefined) return cached;
  let cmdline: string[] = [];
  try {
    cmdline = Deno.readTextFileSync("/proc/self/cmdline").split("\0");
  } catch {
    // Not Linux, or no read permission: the config and the env still count.
  }
  let env: string | undefined;
  try {
    env = Deno.env.get("PANES_WORKER_OPTIONS");
  } catch {
    // No env permission.
  }
  const texts: string[] = [];
  const config = cmdline.findIndex((a) => a === "--config" || a === "-c");
  const candidates: string[] = [];
  if (config >= 0 && cmdline[config + 1]) candidates.push(cmdline[config + 1]);
  for (const a of cmdline) {
    if (a.startsWith("--config=")) candidates.push(a.slice("--config=".length));
  }
  const dirs = new Set<string>();
  try {
    dirs.add(Deno.cwd());
  } catch { /* no read permission */ }
  if (Deno.mainModule.startsWith("file:")) {
    dirs.add(new URL(".", Deno.mainModule).pathname.replace(/\/$/, ""));
  }
  // Deno reads the nearest deno.json(c) only.
  const nearest = (dir: string): string | undefined => {
    for (;;) {
      for (const name of ["deno.json", "deno.jsonc"]) {
        try {
          return Deno.readTextFileSync(`${dir}/${name}`);
        } catch { /* absent or unreadable */ }
      }
      const up = dir.replace(/\/[^/]*$/, "");
      if (up === dir || up === "") return undefined;
      dir = up;
    }
  };
  for (const path of candidates) {
    try {
      texts.push(Deno.readTextFileSync(path));
    } catch { /* absent or unreadable */ }
  }
  if (candidates.length === 0) {
    for (const dir of dirs) {
      const text = nearest(dir);
      if (text !== undefined) texts.push(text);
    }
  }
  return cached = workerOptionsFlagIn(cmdline, env, texts);
}

/** The error `show({ permissions })` throws when the flag is off. */
export function flagMissing(): Error {
  return new Error(
    "App.show: a worker with its own permissions needs Deno's --unstable-worker-options flag " +
      '(deno run --unstable-worker-options …, or "unstable": ["worker-options"] in deno.json); ' +
      "without it Deno would end the whole process (exit code 70). A compiled binary built with " +
      "the flag: set PANES_WORKER_OPTIONS=1. Or leave out `permissions` (the worker then has " +
      "the main process's permissions).",
  );
}
