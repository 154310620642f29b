/**
 * The peers table: one row per figure, one column per side (panes, the
 * floor, each peer), each value with its ratio to the floor measured in the
 * same run. A side that could not run shows "—" and a line with the exact
 * error under the table. Pure functions.
 * @module
 */

import type { Better } from "../figures.ts";

/** The sides of the peers bench. */
export type PeersSide = "panes" | "floor" | "bun" | "node";

/** Column headers. */
export const SIDE_LABELS: Record<PeersSide, string> = {
  panes: "panes",
  floor: "floor",
  bun: "bun+webview-bun",
  node: "node+webview-napi",
};

/** The rows: key (as in bench/figures.ts), label, unit, which way is better. */
export const PEER_ROWS: Array<[string, string, string, Better]> = [
  ["coldStartMs", "cold start (process start → first window ready)", "ms", "lower"],
  ["invokeMeanUs", "small call, sequential: mean", "µs", "lower"],
  ["invokeP50Us", "small call, sequential: p50", "µs", "lower"],
  ["invokeP99Us", "small call, sequential: p99", "µs", "lower"],
  ["invokesPerSec64", "small calls/s, 64 in flight", "/s", "higher"],
  ["json1MiBMs", "1 MiB JSON round trip", "ms", "lower"],
  ["h2pPerSec", "host → page messages/s", "/s", "higher"],
  ["p2hPerSec", "page → host messages/s", "/s", "higher"],
  ["channelSmallPerSec", "channel, small messages/s (floor, peers: one eval each)", "/s", "higher"],
  ["channelBinaryMBps", "channel, 64 KiB binary (floor, peers: base64)", "MB/s", "higher"],
  ["bin1MiBMs", "1 MiB binary round trip (floor, peers: base64)", "ms", "lower"],
  ["bin16MiBMs", "16 MiB binary round trip (floor, peers: base64)", "ms", "lower"],
  ["mem1TreeRssMiB", "memory, 1 window: RSS of the process tree", "MiB", "lower"],
  ["mem1TreePssMiB", "memory, 1 window: PSS of the process tree", "MiB", "lower"],
  ["mem1HostRssMiB", "memory, 1 window: host process RSS", "MiB", "lower"],
  ["hostPeakRssMiB", "memory: host peak RSS over the workloads", "MiB", "lower"],
  ["idleCpuPercent", "idle CPU, 1 window, process tree", "% of a core", "lower"],
];

/** One column: medians over rounds, and medians of per-round ratios to the floor. */
export interface PeersColumn {
  side: PeersSide;
  /** key → median value (missing or NaN: "—"). */
  values: Record<string, number>;
  /** key → median of the per-round ratios side ÷ floor (the floor's own column has none). */
  ratios: Record<string, number>;
  /** Why some or all of this side's figures are missing: the exact errors. */
  errors: string[];
}

/** A number for the table: "—" when not finite. */
export function fmt(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  if (a >= 10_000) return Math.round(v).toLocaleString("en");
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

function cell(c: PeersColumn, key: string): string {
  const v = fmt(c.values[key]);
  const r = c.ratios[key];
  return v !== "—" && r !== undefined && Number.isFinite(r) ? `${v} (${r.toFixed(2)} ×)` : v;
}

/**
 * The table (Markdown, also readable in a terminal), then one line per side that could not run
 * (or lost some figures) with its exact error. Columns in the order given.
 */
export function peersTable(columns: PeersColumn[], rows = PEER_ROWS): string {
  const head = columns.map((c) => SIDE_LABELS[c.side]);
  const lines = [
    `| figure | unit | ${head.join(" | ")} |`,
    `|---|---|${columns.map(() => "--:").join("|")}|`,
  ];
  for (const [key, label, unit] of rows) {
    lines.push(`| ${label} | ${unit} | ${columns.map((c) => cell(c, key)).join(" | ")} |`);
  }
  const problems: string[] = [];
  for (const c of columns) {
    const ran = rows.some(([key]) => Number.isFinite(c.values[key]));
    for (const e of c.errors) {
      problems.push(`${SIDE_LABELS[c.side]} ${ran ? "lost some figures" : "could not run"}: ${e}`);
    }
    if (!ran && c.errors.length === 0) {
      problems.push(`${SIDE_LABELS[c.side]} could not run: no figures and no error reported`);
    }
  }
  return lines.join("\n") + (problems.length ? "\n\n" + problems.join("\n") : "");
}

/**
 * Issue 16's goal lines that need the peers: panes' small call faster than each peer's in the same
 * run, with idle CPU ≤ 2% of a core (webview-napi's speed is bought with a busy pump).
 */
export function peersGoals(columns: PeersColumn[]): string[] {
  const panes = columns.find((c) => c.side === "panes");
  const lines: string[] = [];
  const call = panes?.values.invokeMeanUs ?? NaN;
  for (const c of columns) {
    if (c.side === "panes" || c.side === "floor") continue;
    const theirs = c.values.invokeMeanUs ?? NaN;
    const known = Number.isFinite(call) && Number.isFinite(theirs);
    const met = known && call < theirs;
    lines.push(
      `${met ? "met     " : "NOT met "} small call faster than ${SIDE_LABELS[c.side]}: ${
        known ? `${fmt(call)} µs vs ${fmt(theirs)} µs` : "not measured (see the notes)"
      }`,
    );
  }
  const idle = panes?.values.idleCpuPercent ?? NaN;
  lines.push(
    `${Number.isFinite(idle) && idle <= 2 ? "met     " : "NOT met "} panes idle ≤ 2% of a core: ${
      fmt(idle)
    } %`,
  );
  return lines;
}
