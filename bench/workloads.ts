/**
 * The workload sizes every side of the bench runs (tools/run_bench.ts and bench/peers/), full and
 * `--quick`: one table, so figures from both runners compare.
 * @module
 */

import type { WorkloadConfig } from "./page_workloads.ts";

/** The full workload. */
export const FULL: WorkloadConfig = {
  warmup: 1000,
  seqCalls: 3000,
  inflightCalls: 6000,
  inflight: 64,
  h2pMessages: 30000,
  p2hMessages: 50000,
  channelSmall: 30000,
  channelBinary: 200,
  channelBinarySize: 65536,
  json1MiBReps: 7,
  bin1MiBReps: 7,
  bin16MiBReps: 3,
};

/** The `--quick` workload. */
export const QUICK: WorkloadConfig = {
  ...FULL,
  warmup: 800,
  seqCalls: 300,
  inflightCalls: 640,
  h2pMessages: 3000,
  p2hMessages: 5000,
  channelSmall: 3000,
  channelBinary: 20,
  json1MiBReps: 2,
  bin1MiBReps: 2,
  bin16MiBReps: 1,
};

/**
 * Page → host for sides that await one bound call per message (the floor, bun + webview-bun):
 * ~100× slower than a burst, so they send fewer.
 */
export function sequentialSide(base: WorkloadConfig, quick: boolean): WorkloadConfig {
  return { ...base, p2hMessages: quick ? 300 : 2000 };
}
