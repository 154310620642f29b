/**
 * The one answer policy for every command a page invokes (app commands, plugin commands, Tauri
 * core and pytauri alike): a handler's value is the answer; an {@linkcode InvokeError} is
 * answered as it is; any other failure is logged on the host and answered `internal`, with its
 * message only in debug; a handler still running after the time limit answers `timeout` (the
 * handler itself goes on).
 * @module
 */

import { InvokeError } from "./invoke_error.ts";
import type { InvokeAnswer } from "./peer.ts";

/** How failures are answered and logged. */
export interface AnswerPolicy {
  /** Whether an internal failure's message reaches the page (else only the host log has it). */
  debug: boolean;
  /** A handler still running after this many ms answers `timeout`; undefined: no limit. */
  timeoutMs?: number;
  /** Host-side log for failures (always gets the full error). */
  log(message: string, error: unknown): void;
}

/** A command ran past its time limit. */
class CommandTimeout extends Error {
  constructor(cmd: string, ms: number) {
    super(`command "${cmd}" did not answer within ${ms} ms`);
    this.name = "CommandTimeout";
  }
}

/** Runs `handler` for the command `cmd` of the window `label` and answers by the policy. */
export async function answer(
  cmd: string,
  label: string,
  handler: () => unknown,
  policy: AnswerPolicy,
): Promise<InvokeAnswer> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const result = handler();
    // A sync answer needs no timer (the timer and race cost more than most handlers).
    const limit = policy.timeoutMs;
    const value = !(result instanceof Promise)
      ? result
      : limit === undefined
      ? await result
      : await Promise.race([
        result,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new CommandTimeout(cmd, limit)), limit);
        }),
      ]);
    return { ok: true, value };
  } catch (e) {
    if (e instanceof CommandTimeout) {
      policy.log(`command "${cmd}" (window "${label}") timed out`, e);
      return { ok: false, error: { message: e.message, code: "timeout" } };
    }
    if (e instanceof InvokeError) {
      return { ok: false, error: { message: e.message, code: e.code, data: e.data } };
    }
    policy.log(`command "${cmd}" (window "${label}") failed`, e);
    return {
      ok: false,
      error: {
        message: policy.debug
          ? `command "${cmd}" failed: ${e instanceof Error ? e.message : String(e)}`
          : `command "${cmd}" failed (internal error; enable debug for details)`,
        code: "internal",
      },
    };
  } finally {
    clearTimeout(timer);
  }
}
