/**
 * The modules `deno compile` would embed for some roots: `deno info --json`'s graph followed through
 * code imports only (static and dynamic; what `deno info` also lists as type-only imports, such as
 * `typeof import("./x.ts")` in a type, never runs and is not embedded).
 * @module
 */
import { describe, runDeno } from "./child.ts";

interface InfoModule {
  specifier: string;
  dependencies?: { code?: { specifier: string } }[];
}

/** Every module reachable from `roots` through code imports (specifiers as file: URLs etc.). */
export async function codeGraph(roots: string[], cwd?: string): Promise<Set<string>> {
  const seen = new Set<string>();
  for (const root of roots) {
    const info = await runDeno(["info", "--json", root], { cwd, timeoutMs: 120_000 });
    if (info.code !== 0) throw new Error(`deno info ${root} failed:\n${describe(info)}`);
    const json = JSON.parse(info.stdout) as { roots: string[]; modules: InfoModule[] };
    const bySpec = new Map(json.modules.map((m) => [m.specifier, m]));
    const todo = [...json.roots];
    while (todo.length) {
      const s = todo.pop()!;
      if (seen.has(s)) continue;
      seen.add(s);
      for (const d of bySpec.get(s)?.dependencies ?? []) if (d.code) todo.push(d.code.specifier);
    }
  }
  return seen;
}
