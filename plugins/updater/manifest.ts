/**
 * Tauri's update endpoint answers: 204 (no update), or JSON, either dynamic
 * (`{ version, url, signature, notes, pub_date }`) or static (`{ version, notes, pub_date,
 * platforms: { "linux-x86_64": { url, signature } } }`); and semantic version order.
 * @module
 */

import { z } from "zod";

/** One release the endpoint offers for this target. */
export interface Release {
  /** The offered version (without a leading `v`). */
  version: string;
  /** `pub_date`, as the endpoint gave it. */
  date?: string;
  /** The release notes (`notes`). */
  body?: string;
  /** Where the artifact is. */
  url: string;
  /** Its minisign signature (base64 of the signature file). */
  signature: string;
  /** The endpoint's whole answer. */
  rawJson: Record<string, unknown>;
}

const platform = z.object({ url: z.string().min(1), signature: z.string().min(1) });
const answer = z.object({
  version: z.string(),
  notes: z.string().nullish(),
  pub_date: z.string().nullish(),
  url: z.string().nullish(),
  signature: z.string().nullish(),
  platforms: z.record(z.string(), platform).nullish(),
});

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Parses a version (`1.2.3`, `v1.2.3-beta.1`); throws with `what` otherwise. */
export function parseVersion(v: string, what: string): (number | string)[][] {
  const m = SEMVER.exec(v.trim());
  if (!m) throw new Error(`${what} ${JSON.stringify(v)} is not a semantic version (1.2.3)`);
  const pre = m[4] ? m[4].split(".").map((p) => /^\d+$/.test(p) ? Number(p) : p) : [];
  return [[Number(m[1]), Number(m[2]), Number(m[3])], pre];
}

/** Semantic version order: negative when `a` is older than `b`. */
export function compareVersions(a: string, b: string): number {
  const [[ca, pa], [cb, pb]] = [parseVersion(a, "version"), parseVersion(b, "version")];
  for (let i = 0; i < 3; i++) if (ca[i] !== cb[i]) return (ca[i] as number) - (cb[i] as number);
  // A pre-release is older than its release.
  if (!pa.length || !pb.length) return pb.length - pa.length;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i], pb[i]];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    if (typeof x === "number") return -1;
    if (typeof y === "number") return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** The release in an endpoint's JSON for `target`; throws a clear message when it has none. */
export function releaseFor(json: unknown, target: string): Release {
  const r = answer.safeParse(json);
  if (!r.success) throw new Error(`not an update manifest: ${z.prettifyError(r.error)}`);
  const a = r.data;
  parseVersion(a.version, "the manifest's version");
  let url = a.url, signature = a.signature;
  if (a.platforms) {
    const p = a.platforms[target];
    if (!p) {
      throw new Error(
        `the manifest has no platform "${target}" (it has ${
          Object.keys(a.platforms).join(", ") || "none"
        })`,
      );
    }
    ({ url, signature } = p);
  }
  if (!url || !signature) throw new Error("the manifest names no url and signature");
  return {
    version: a.version.trim().replace(/^v/, ""),
    date: a.pub_date ?? undefined,
    body: a.notes ?? undefined,
    url,
    signature,
    rawJson: json as Record<string, unknown>,
  };
}
