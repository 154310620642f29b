/**
 * Hand-written checks of the two hot page → host message kinds (`emit`, `inv`): the same rules
 * as their zod schemas in messages.ts at a third of the cost; everything else goes to zod.
 * @module
 */

import type { PageMessage } from "./messages.ts";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `{k:"emit", e, d}` with a string name of at most 512 characters and no other keys. */
export function isPlainEmit(m: unknown): m is PageMessage & { k: "emit" } {
  if (!isRecord(m) || m.k !== "emit" || typeof m.e !== "string" || m.e.length > 512) return false;
  for (const key in m) if (key !== "k" && key !== "e" && key !== "d") return false;
  return true;
}

/** `{k:"inv", i, c, b?, h?}` as the zod schema has it, without the binary form (that takes zod). */
export function isPlainInvoke(m: unknown): m is PageMessage & { k: "inv" } {
  if (!isRecord(m) || m.k !== "inv") return false;
  if (!Number.isInteger(m.i) || (m.i as number) < 0) return false;
  if (typeof m.c !== "string" || m.c.length === 0 || m.c.length > 512) return false;
  if (m.h !== undefined) {
    if (!isRecord(m.h)) return false;
    for (const key in m.h) if (typeof m.h[key] !== "string") return false;
  }
  for (const key in m) {
    if (key !== "k" && key !== "i" && key !== "c" && key !== "b" && key !== "h") return false;
  }
  return true;
}
