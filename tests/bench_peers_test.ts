/**
 * The peers table (`deno task bench --peers`, bench/peers/): columns, ratios
 * to the floor, "—" for what a side lacks, and the exact error of a peer that
 * could not run. The peers run itself takes minutes (see docs/performance.md,
 * "Peers") and is not run here.
 */
import { assert, assertEquals } from "./support/assert.ts";
import type { SideRound } from "../bench/figures.ts";
import { columnsFrom, stderrError } from "../bench/peers/run_peers.ts";
import {
  PEER_ROWS,
  type PeersColumn,
  peersGoals,
  type PeersSide,
  peersTable,
} from "../bench/peers/peers_table.ts";

function side(coldStartMs: number, idleCpuSeconds: number): SideRound {
  return { coldStartMs: [coldStartMs], idle: { cpuSeconds: idleCpuSeconds, seconds: 10 } };
}

const noErrors = (): Record<PeersSide, string[]> => ({ panes: [], floor: [], bun: [], node: [] });

Deno.test("peers table: four columns, ratios to the floor, a missing peer named with its error", () => {
  const round: Record<PeersSide, SideRound> = {
    panes: side(300, 0.1),
    floor: side(200, 0.1),
    bun: side(100, 0.2),
    node: { coldStartMs: [] },
  };
  const errors = noErrors();
  const error =
    "the node+webview-napi work process failed: exit 1; stderr: Error: libwebkit2gtk-4.1.so.0: cannot open shared object file";
  errors.node.push(error);
  const table = peersTable(columnsFrom([round], errors));
  const lines = table.split("\n");
  assertEquals(
    lines[0],
    "| figure | unit | panes | floor | bun+webview-bun | node+webview-napi |",
  );
  const cold = lines.find((l) => l.startsWith("| cold start"))!;
  assertEquals(cold.split(" | ").slice(2), ["300 (1.50 ×)", "200", "100 (0.50 ×)", "— |"]);
  const idle = lines.find((l) => l.startsWith("| idle CPU"))!;
  assertEquals(idle.split(" | ").slice(2), ["1.00 (1.00 ×)", "1.00", "2.00 (2.00 ×)", "— |"]);
  // figures no side measured are "—", without a ratio
  const json = lines.find((l) => l.startsWith("| 1 MiB JSON"))!;
  assertEquals(json.split(" | ").slice(2), ["—", "—", "—", "— |"]);
  assertEquals(lines.filter((l) => l.startsWith("| ")).length, PEER_ROWS.length + 1);
  assert(table.endsWith(`node+webview-napi could not run: ${error}`), table);
});

Deno.test("peers table: a peer that could not start at all, and one that lost a mode", () => {
  const round: Record<PeersSide, SideRound> = {
    panes: side(300, 0.1),
    floor: side(200, 0.1),
    bun: side(100, 0.2),
    node: { coldStartMs: [] },
  };
  const errors = noErrors();
  errors.bun.push("the bun+webview-bun work process failed: timed out");
  const table = peersTable(columnsFrom([round], errors));
  assert(table.includes("bun+webview-bun lost some figures: the bun+webview-bun work process"));
  // never a silent skip: a column with no figures and no error still gets a line
  assert(table.includes("node+webview-napi could not run: no figures and no error reported"));
});

Deno.test("peers: a child's error is the line that names it", () => {
  const node = `node:internal/modules/esm/resolve:283
    throw new ERR_MODULE_NOT_FOUND(
          ^

Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/x/webview-napi/index.js' imported from /y
    at finalizeResolution (node:internal/modules/esm/resolve:283:11)
}

Node.js v20.20.2`;
  assertEquals(
    stderrError(node),
    "Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/x/webview-napi/index.js' imported from /y",
  );
  assertEquals(
    stderrError(
      "** (process:2): WARNING **: Can't connect to a11y bus\nGtk-WARNING **: cannot open display: :77\n",
    ),
    "Gtk-WARNING **: cannot open display: :77",
  );
  assertEquals(stderrError("one\ntwo\nthree\nfour\n"), "two / three / four");
});

Deno.test("peers goals: met only when panes' call is faster than each peer's, unmeasured is not met", () => {
  const col = (side: PeersSide, invokeMeanUs: number, idleCpuPercent = 0.5): PeersColumn => ({
    side,
    values: { invokeMeanUs, idleCpuPercent },
    ratios: {},
    errors: [],
  });
  const lines = peersGoals([
    col("panes", 500),
    col("floor", 450),
    col("bun", 600),
    col("node", 400),
  ]);
  assertEquals(lines.length, 3);
  assert(lines[0].startsWith("met") && lines[0].includes("bun+webview-bun"), lines[0]);
  assert(lines[1].startsWith("NOT met") && lines[1].includes("500 µs vs 400 µs"), lines[1]);
  assert(lines[2].startsWith("met") && lines[2].includes("idle"), lines[2]);
  const missing = peersGoals([col("panes", 500, 5), col("floor", 450), col("node", NaN)]);
  assert(missing[0].startsWith("NOT met") && missing[0].includes("not measured"), missing[0]);
  assert(missing[1].startsWith("NOT met"), missing[1]);
});
