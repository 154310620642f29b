// UI-thread commands for tests/ui_commands_test.ts: synchronous, as they must be.
import { isMainThread } from "node:worker_threads";

let calls = 0;

export default {
  add(body: unknown) {
    calls++;
    const { a, b } = body as { a: number; b: number };
    return a + b;
  },
  /** What arrived: a list's length and last item. */
  measure(body: unknown) {
    calls++;
    const list = body as string[];
    return { items: list.length, last: list[list.length - 1], mainThread: isMainThread };
  },
  where(_body: unknown, ctx: { label: string }) {
    return { mainThread: isMainThread, label: ctx.label };
  },
  calls: () => calls,
  refuse() {
    throw Object.assign(new Error("not today"), { code: "teapot" });
  },
  crash() {
    throw new Error("secret internals");
  },
  later: () => Promise.resolve(1),
};
