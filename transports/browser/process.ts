/**
 * Browsers that end with the process that started them. Deno cannot ask
 * Linux for a parent-death signal (`prctl(PR_SET_PDEATHSIG)`), so on Unix a
 * browser command runs under a small `sh` watchdog, in a session (and
 * process group) of its own:
 *
 * - the watchdog holds the read end of a pipe whose write end only this
 *   process has; when this process ends in any way (exit, crash, SIGKILL) the
 *   kernel closes it, the watchdog reads end-of-file and ends the whole group
 *   (SIGTERM, then SIGKILL a second later): the browser and every helper it
 *   started;
 * - {@linkcode TiedProcess.end} does the same at once (`app.destroy()`, and
 *   the app's SIGINT/SIGTERM handlers call that);
 * - the group is not the terminal's foreground group, so a Ctrl+C reaches
 *   only this process, which then ends the group itself.
 *
 * On Windows the command runs as it is and ends with `end()` only.
 * @module
 */

/**
 * The watchdog. `$@` is the browser command. Its exit status is printed on
 * stdout when it ends (so a command that fails can be reported); the
 * watchdog (a subshell, reading fd 3 = our stdin) stays until this process
 * ends or calls `end()`, then ends the group. A non-interactive shell gives
 * background jobs /dev/null as stdin, hence the copy on fd 3; traps set
 * after the browser started are not inherited by it.
 */
const WATCHDOG = `exec 3<&0
"$@" </dev/null >/dev/null 2>&1 &
b=$!
(trap '' INT HUP TERM; read -r _ <&3; kill -TERM 0; sleep 1; kill -KILL 0) >/dev/null 2>&1 &
exec 3<&-
wait $b
echo $?`;

/** A browser command tied to this process. */
export interface TiedProcess {
  /** Pid of the command (on Unix, of the watchdog shell: also the group's id). */
  readonly pid: number;
  /** The command's exit status (resolves when the command itself ends; helpers may remain). */
  readonly status: Promise<{ success: boolean; code: number }>;
  /** Ends the command and every process it started (waits at most `timeoutMs`). */
  end(timeoutMs?: number): Promise<void>;
}

/** Starts `cmd args…` tied to this process (see the module doc). Throws if it cannot start. */
export function spawnTied(cmd: string, args: string[]): TiedProcess {
  if (Deno.build.os === "windows") return spawnPlain(cmd, args);
  // The shell would only exit with 127: say it as a direct spawn would.
  if (!findProgram(cmd)) throw new Deno.errors.NotFound(`no such program: ${cmd}`);
  const child = new Deno.Command("sh", {
    args: ["-c", WATCHDOG, "panes-browser", cmd, ...args],
    detached: true, // a session of its own: its group is the browser's, not ours
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  child.unref(); // a browser left running does not keep the app alive
  const pipe = child.stdin.getWriter();
  const output = new Response(child.stdout).text();
  const shellEnded = child.status;
  // The watchdog shell prints 127 when the command does not exist: report that as a start
  // failure, as a direct spawn would have thrown.
  const status = Promise.all([output, shellEnded]).then(([out, s]) => {
    const code = /^(\d+)\s*$/.test(out) ? Number(out.trim()) : (s.code || 1);
    return { success: code === 0, code };
  });
  let ending: Promise<void> | undefined;
  return {
    pid: child.pid,
    status,
    end(timeoutMs = 3000) {
      ending ??= (async () => {
        pipe.close().catch(() => {}); // the watchdog ends the group too, if we do not get to
        const group = -child.pid;
        try {
          Deno.kill(group, "SIGTERM");
        } catch {
          return; // the group is gone already
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          shellEnded,
          new Promise((r) => timer = setTimeout(r, timeoutMs)),
        ]);
        clearTimeout(timer);
        try {
          Deno.kill(group, "SIGKILL"); // the watchdog, and helpers that outlived the browser
        } catch { /* all ended */ }
      })();
      return ending;
    },
  };
}

/** Whether `cmd` names an executable file (a path, or a name on `PATH`). */
function findProgram(cmd: string): boolean {
  const dirs = cmd.includes("/") ? [""] : (Deno.env.get("PATH") ?? "").split(":").filter(Boolean);
  for (const dir of dirs) {
    try {
      const info = Deno.statSync(dir ? `${dir}/${cmd}` : cmd);
      if (info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0) return true;
    } catch { /* not there */ }
  }
  return false;
}

/** Starts `cmd args…` as it is: `end()` ends it, nothing else does (the system's opener). */
export function spawnPlain(cmd: string, args: string[]): TiedProcess {
  const child = new Deno.Command(cmd, {
    args,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  child.unref();
  let ending: Promise<void> | undefined;
  return {
    pid: child.pid,
    status: child.status,
    end(timeoutMs = 3000) {
      ending ??= (async () => {
        try {
          child.kill("SIGTERM");
        } catch {
          return;
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        const ended = await Promise.race([
          child.status.then(() => true),
          new Promise<false>((r) => timer = setTimeout(() => r(false), timeoutMs)),
        ]);
        clearTimeout(timer);
        if (!ended) {
          try {
            child.kill("SIGKILL");
          } catch { /* ended meanwhile */ }
        }
      })();
      return ending;
    },
  };
}
