// A frontend written for Tauri + PyTauri, bundled as it is (deno bundle) into a panes test page.
import { Channel, invoke } from "@tauri-apps/api/core";
import { emit, emitTo, listen, once } from "@tauri-apps/api/event";
import { pyInvoke } from "tauri-plugin-pytauri-api";

async function run(): Promise<unknown> {
  const greeting = await invoke<string>("greet", { name: "Tauri" });
  const streamed: number[] = [];
  const channel = new Channel<{ n: number }>();
  channel.onmessage = (m) => streamed.push(m.n);
  await invoke("stream", { channel, count: 5 });
  let heard: unknown;
  const unlisten = await listen<{ v: number }>("pong", (e) => {
    heard = e.payload;
  });
  await emit("pong", { v: 7 });
  await new Promise((r) => setTimeout(r, 100));
  unlisten();
  let onceHeard: unknown;
  await once<string>("hello-once", (e) => {
    onceHeard = e.payload;
  });
  await emitTo("tauri", "hello-once", "to me");
  await new Promise((r) => setTimeout(r, 100));
  const py = await pyInvoke<string>("py_greet", { name: "PyTauri" });
  const bytes = new Uint8Array(await pyInvoke<ArrayBuffer>("py_bytes", new Uint8Array([1, 2, 3])));
  let failed: unknown;
  try {
    await invoke("nope");
  } catch (e) {
    failed = e;
  }
  return {
    greeting,
    streamed,
    heard,
    onceHeard,
    py,
    bytes: [...bytes],
    failed: String((failed as Error)?.message ?? failed),
  };
}

(globalThis as unknown as { tauriResult: Promise<unknown> }).tauriResult = run();
