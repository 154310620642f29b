/**
 * What the A/B drivers (bench/latency_ab.ts, bench/start_ab.ts) share: the `name=DIR[:ENV=V,…]`
 * variant arguments, the environment of a bench child, and the median.
 * @module
 */

/** A panes tree to run, and what to add to its children's environment. */
export interface Variant {
  name: string;
  dir: string;
  env: Record<string, string>;
}

/** Parses `name=DIR[:ENV=V,ENV2=V]` (or a bare DIR, named by itself). */
export function parseVariants(args: string[]): Variant[] {
  return args.map((v) => {
    const at = v.indexOf("=");
    const [name, rest] = at > 0 ? [v.slice(0, at), v.slice(at + 1)] : [v, v];
    const [dir, envs] = rest.split(":");
    const env: Record<string, string> = {};
    for (const kv of (envs ?? "").split(",").filter(Boolean)) {
      const [k, val] = kv.split("=");
      env[k] = val;
    }
    return { name, dir, env };
  });
}

/** A bench child's environment: the display, no desktop-session noise, its settings, the variant's. */
export function childEnv(
  display: string,
  settings: unknown,
  env: Record<string, string>,
): Record<string, string> {
  return {
    DISPLAY: display,
    NO_AT_BRIDGE: "1",
    GTK_A11Y: "none",
    NO_COLOR: "1",
    BENCH_CHILD: JSON.stringify(settings),
    ...env,
  };
}

/** The median of `a` (NaN when empty). */
export function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
