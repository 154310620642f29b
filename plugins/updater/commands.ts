/**
 * The updater's commands, as `@tauri-apps/plugin-updater` sends them: `check` (asks the app's
 * endpoints; an `Update` resource or null), `download` (the artifact, with Started / Progress /
 * Finished events; its minisign signature verified before the bytes are kept), `install` and
 * `download_and_install`.
 * @module
 */

import { z } from "zod";
import { Channel } from "../../bridge/channel.ts";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { CommandTable, PageResource, PluginCallContext } from "../plugin.ts";
import { install, type UpdateInstaller } from "./install.ts";
import { compareVersions, type Release, releaseFor } from "./manifest.ts";
import { type MinisignPublicKey, SignatureError, verifyMinisign } from "./minisign.ts";

/** Tauri's `DownloadEvent`. */
export type DownloadEvent =
  | { event: "Started"; data: { contentLength?: number } }
  | { event: "Progress"; data: { chunkLength: number } }
  | { event: "Finished" };

/** What the commands need from the plugin's options (checked when the plugin was made). */
export interface UpdaterConfig {
  endpoints: string[];
  pubkey: MinisignPublicKey;
  version: string;
  target: string;
  insecure: boolean;
  installer: UpdateInstaller;
  maxBytes: number;
  exit: () => void;
}

/** No answer from an endpoint or the download within this long (the page's `timeout` overrides). */
const DEFAULT_TIMEOUT_MS = 30_000;
/** A download that moves no byte for this long fails. */
const IDLE_TIMEOUT_MS = 60_000;

function updaterError(message: string, code = "updater"): InvokeError {
  return new InvokeError(message, undefined, code);
}

class UpdateResource implements PageResource {
  constructor(readonly release: Release) {}
  close(): void {}
}
class DownloadedBytes implements PageResource {
  constructor(readonly bytes: Uint8Array, readonly release: Release) {}
  close(): void {}
}
const isUpdate = (v: PageResource): v is UpdateResource => v instanceof UpdateResource;
const isBytes = (v: PageResource): v is DownloadedBytes => v instanceof DownloadedBytes;

const headers = z.array(z.tuple([z.string(), z.string()])).nullish();
const timeout = z.number().int().positive().nullish();
const checkArgs = z.object({
  headers,
  timeout,
  proxy: z.string().nullish(),
  target: z.string().min(1).nullish(),
  allowDowngrades: z.boolean().nullish(),
}).nullish();
const downloadArgs = z.object({
  onEvent: Channel.of<DownloadEvent>(),
  rid: z.number().int(),
  headers,
  timeout,
});
const installArgs = z.object({
  updateRid: z.number().int(),
  bytesRid: z.number().int(),
  restartAfterInstall: z.boolean().nullish(),
});
const downloadAndInstallArgs = downloadArgs.extend({ restartAfterInstall: z.boolean().nullish() });

function requestHeaders(h: [string, string][] | null | undefined): Headers {
  try {
    return new Headers(h ?? []);
  } catch (e) {
    throw updaterError(
      `invalid request headers: ${e instanceof Error ? e.message : e}`,
      "invalid-body",
    );
  }
}

/** Checks that `url` may be fetched: https, or http when the app allowed insecure transport. */
export function transportAllowed(url: URL, insecure: boolean, what: string): void {
  if (url.protocol === "https:" || (insecure && url.protocol === "http:")) return;
  throw new Error(
    `${what} ${url.href}: only https${
      url.protocol === "http:" ? " (http needs dangerousInsecureTransportProtocol)" : ""
    }`,
  );
}

async function check(config: UpdaterConfig, args: z.infer<typeof checkArgs>) {
  if (config.endpoints.length === 0) {
    throw updaterError(
      "the updater has no endpoints: make it with createUpdaterPlugin({ endpoints, pubkey, version })",
      "not-configured",
    );
  }
  if (args?.proxy) {
    throw updaterError("check: a proxy is unsupported on this platform", "unsupported");
  }
  const target = args?.target ?? config.target;
  const h = requestHeaders(args?.headers);
  const failures: string[] = [];
  for (const endpoint of config.endpoints) {
    const url = endpoint.replaceAll("{{current_version}}", encodeURIComponent(config.version))
      .replaceAll("{{target}}", encodeURIComponent(target.split("-")[0]))
      .replaceAll("{{arch}}", encodeURIComponent(target.split("-").slice(1).join("-")));
    try {
      const res = await fetch(url, {
        headers: h,
        signal: AbortSignal.timeout(args?.timeout ?? DEFAULT_TIMEOUT_MS),
      });
      if (res.status === 204) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(`status ${res.status}`);
      }
      const release = releaseFor(await res.json(), target);
      transportAllowed(new URL(release.url), config.insecure, "the update's url");
      const order = compareVersions(release.version, config.version);
      const wanted = args?.allowDowngrades ? order !== 0 : order > 0;
      return wanted ? release : null;
    } catch (e) {
      // As Tauri: the next endpoint is tried; every failure is reported if none answers.
      failures.push(`${url}: ${e instanceof Error ? e.message : e}`);
    }
  }
  throw updaterError(`no update endpoint answered: ${failures.join("; ")}`);
}

/** Downloads `release`, reporting on `channel`; verifies its signature before returning it. */
async function download(
  config: UpdaterConfig,
  release: Release,
  channel: Channel<DownloadEvent>,
  h: Headers,
  timeoutMs: number | null | undefined,
): Promise<Uint8Array> {
  const post = (e: DownloadEvent) => {
    if (!channel.isClosed) channel.send(e);
  };
  const ctl = new AbortController();
  let idle: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number) => {
    clearTimeout(idle);
    idle = setTimeout(() => ctl.abort(new Error(`nothing arrived for ${ms} ms`)), ms);
  };
  const signals = [ctl.signal, ...(timeoutMs ? [AbortSignal.timeout(timeoutMs)] : [])];
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    arm(timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const res = await fetch(release.url, { headers: h, signal: AbortSignal.any(signals) });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`status ${res.status}`);
    }
    if (res.url) transportAllowed(new URL(res.url), config.insecure, "redirected to");
    const length = Number(res.headers.get("content-length") ?? NaN);
    post({ event: "Started", data: Number.isFinite(length) ? { contentLength: length } : {} });
    for await (const chunk of res.body ?? new ReadableStream<Uint8Array>()) {
      arm(IDLE_TIMEOUT_MS);
      size += chunk.byteLength;
      if (size > config.maxBytes) {
        throw new Error(`larger than the updater's limit (${config.maxBytes} bytes)`);
      }
      chunks.push(chunk);
      post({ event: "Progress", data: { chunkLength: chunk.byteLength } });
    }
    post({ event: "Finished" });
  } catch (e) {
    throw updaterError(
      `downloading ${release.url} failed: ${e instanceof Error ? e.message : e}`,
    );
  } finally {
    clearTimeout(idle);
  }
  const bytes = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    bytes.set(c, off);
    off += c.byteLength;
  }
  // Before anything is kept or replaced: bytes that do not verify are dropped here.
  try {
    await verifyMinisign(bytes, release.signature, config.pubkey);
  } catch (e) {
    if (e instanceof SignatureError) {
      throw updaterError(`the update ${release.version} is not trusted: ${e.message}`, "signature");
    }
    throw e;
  }
  return bytes;
}

/** The updater's commands for `config`. */
export function updaterCommands(config: UpdaterConfig): CommandTable {
  return {
    check: {
      unbounded: true, // bounded by the request timeout
      args: checkArgs,
      run: async (ctx: PluginCallContext<z.infer<typeof checkArgs>>) => {
        const release = await check(config, ctx.args);
        if (!release) return null;
        return {
          rid: ctx.resources.add(new UpdateResource(release)),
          currentVersion: config.version,
          version: release.version,
          date: release.date,
          body: release.body,
          rawJson: release.rawJson,
        };
      },
    },
    download: {
      unbounded: true,
      args: downloadArgs,
      run: async (ctx: PluginCallContext<z.infer<typeof downloadArgs>>) => {
        const a = ctx.args;
        try {
          const { release } = ctx.resources.get(a.rid, isUpdate, "update");
          const bytes = await download(
            config,
            release,
            a.onEvent,
            requestHeaders(a.headers),
            a.timeout,
          );
          return ctx.resources.add(new DownloadedBytes(bytes, release));
        } finally {
          a.onEvent.close();
        }
      },
    },
    install: {
      unbounded: true,
      args: installArgs,
      run: async (ctx: PluginCallContext<z.infer<typeof installArgs>>) => {
        ctx.resources.get(ctx.args.updateRid, isUpdate, "update");
        const { bytes, release } = ctx.resources.get(ctx.args.bytesRid, isBytes, "update bytes");
        try {
          await install(
            config.installer,
            bytes,
            release,
            ctx.args.restartAfterInstall ?? undefined,
            config.exit,
          );
        } finally {
          // As Tauri: the downloaded bytes are spent by install, whatever it answered.
          await ctx.resources.close(ctx.args.bytesRid).catch(() => {});
        }
        return null;
      },
    },
    download_and_install: {
      unbounded: true,
      args: downloadAndInstallArgs,
      run: async (ctx: PluginCallContext<z.infer<typeof downloadAndInstallArgs>>) => {
        const a = ctx.args;
        let bytes: Uint8Array, release: Release;
        try {
          release = ctx.resources.get(a.rid, isUpdate, "update").release;
          bytes = await download(config, release, a.onEvent, requestHeaders(a.headers), a.timeout);
        } finally {
          a.onEvent.close();
        }
        await install(
          config.installer,
          bytes,
          release,
          a.restartAfterInstall ?? undefined,
          config.exit,
        );
        return null;
      },
    },
  };
}
