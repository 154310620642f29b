/** Running `deno` child processes from tests: every run has a deadline. @module */

const root = new URL("../../", import.meta.url).pathname;

/** What a child process printed and how it ended. */
export interface ChildResult {
  code: number;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Set when the child was killed for taking longer than its time. */
  timedOut: boolean;
}

/** Where and how a child runs. */
export interface ChildOptions {
  /** Its working directory (default: the repository). */
  cwd?: string;
  /** Added to the environment (or the whole of it, with `clearEnv`). */
  env?: Record<string, string>;
  clearEnv?: boolean;
  /** Killed after this many ms (default 60,000); then `timedOut` is set. */
  timeoutMs?: number;
}

/** Runs `deno <args>` to its end or its deadline. */
export async function runDeno(args: string[], options: ChildOptions = {}): Promise<ChildResult> {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: options.cwd ?? root,
    env: { NO_COLOR: "1", ...options.env },
    clearEnv: options.clearEnv,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, options.timeoutMs ?? 60_000);
  const out = await child.output();
  clearTimeout(timer);
  return {
    code: out.code,
    signal: out.signal,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
    timedOut,
  };
}

/** A child's output for an assertion message (stderr's last lines). */
export function describe(r: ChildResult, stderrLines = 25): string {
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ""}${
    r.timedOut ? ", killed: timed out" : ""
  }\n` +
    `stdout:\n${r.stdout}\nstderr (end):\n${r.stderr.split("\n").slice(-stderrLines).join("\n")}`;
}

/** One step tests/support/native_load_child.ts reports (two show() calls, then destroy). */
export type LoadStep = { opened?: number; error?: string; destroyed?: true };

/** Runs tests/support/native_load_child.ts with `library` (default: panes' own lookup). */
export async function runNativeLoadChild(
  library?: string,
  env: Record<string, string> = {},
): Promise<{ code: number; steps: LoadStep[]; text: string }> {
  const r = await runDeno(
    ["run", "-A", "tests/support/native_load_child.ts", ...(library ? [library] : [])],
    { env },
  );
  const line = r.stdout.split("\n").find((l) => l.startsWith("["));
  return { code: r.code, steps: line ? JSON.parse(line) : [], text: describe(r, 15) };
}
