/**
 * The two commands bench/worker_windows.ts measures, one definition for both sides (the main
 * isolate's window and the worker's), so the comparison runs the same handlers.
 * @module
 */

/** Answers its body (the latency probe). */
export const ping = ({ body }: { body: unknown }): unknown => body;

/** Keeps a core busy for `body` ms (the isolation probe); answers the loop count. */
export const burn = ({ body }: { body: unknown }): number => {
  const end = performance.now() + Number(body);
  let n = 0;
  while (performance.now() < end) n++;
  return n;
};
