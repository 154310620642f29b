// Child app for tests/terminal_noise_test.ts: opens a window whose page calls a command, closes
// it, and prints one RESULT line: whether the window opened, the command's answer, and which of
// SIGUSR1/SIGUSR2 this process has a handler for once WebKit runs (from /proc/self/status).
import { App, Commands } from "../../mod.ts";

function caught(): { usr1: boolean; usr2: boolean } {
  const status = Deno.readTextFileSync("/proc/self/status");
  const mask = BigInt(`0x${/SigCgt:\s*([0-9a-f]+)/.exec(status)?.[1] ?? "0"}`);
  return { usr1: (mask & (1n << 9n)) !== 0n, usr2: (mask & (1n << 11n)) !== 0n };
}

const commands = new Commands().command("ping", {}, () => "pong");
const app = new App({ config: false, commands });
/** `promise`, or a rejection naming `what` after `ms`; the timer never outlives it. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
const win = await within(
  app.show(
    `<p>quiet</p><script>panes.invoke("ping").then((a) => panes.emit("app:answer", { a }))</script>`,
    { width: 200, height: 120 },
  ),
  30_000,
  "opening the window",
);
const answer = await within(
  new Promise<string>((resolve) => win.on("app:answer", (d) => resolve((d as { a: string }).a))),
  15_000,
  "the page's ping command",
);
const signals = caught();
await app.destroy();
console.log(`RESULT ${JSON.stringify({ opened: true, answer, signals })}`);
