/**
 * A private session bus (dbus-daemon) with the fake notification server on it
 * (tests/support/fake_notifications.ts), for the notification tests.
 * @module
 */

import { waitFor } from "./harness.ts";

const root = new URL("../../", import.meta.url).pathname;

/** One line the fake server printed: a method call, its readiness, or a command done. */
export interface FakeLine {
  method?: string;
  params?: string;
  /** The id a Notify got. */
  id?: number;
  ready?: boolean;
  did?: unknown;
}

/** A running bus and fake server. */
export interface NotificationBus {
  /** The bus address (for DBUS_SESSION_BUS_ADDRESS). */
  address: string;
  /** The method calls the server received, in order. */
  calls(): FakeLine[];
  /** Plays the user or sets the server up (see the fake's header); resolves once it is done. */
  send(command: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

/** Starts dbus-daemon on a private socket and the fake server on it. */
export async function startNotificationBus(): Promise<NotificationBus> {
  const dir = await Deno.makeTempDir({ prefix: "panes-bus-" });
  const daemon = new Deno.Command("dbus-daemon", {
    args: ["--session", "--nofork", "--print-address=1", `--address=unix:path=${dir}/bus`],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const dReader = daemon.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let address = "";
  while (!address.includes("\n")) {
    const { value, done } = await dReader.read();
    if (done) throw new Error("dbus-daemon ended before printing its address");
    address += value;
  }
  address = address.trim();
  const server = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tests/support/fake_notifications.ts", address],
    cwd: root,
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = server.stdin.getWriter();
  const lines: FakeLine[] = [];
  const pump = (async () => {
    let buf = "";
    for await (const chunk of server.stdout.pipeThrough(new TextDecoderStream())) {
      buf += chunk;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        lines.push(JSON.parse(buf.slice(0, i)));
        buf = buf.slice(i + 1);
      }
    }
  })();
  await waitFor(() => lines.some((l) => l.ready), "the fake notification server", 30_000);
  return {
    address,
    calls: () => lines.filter((l) => l.method),
    async send(command) {
      const before = lines.filter((l) => l.did).length;
      await writer.write(new TextEncoder().encode(JSON.stringify(command) + "\n"));
      await waitFor(
        () => lines.filter((l) => l.did).length > before,
        `the fake server doing ${JSON.stringify(command)}`,
        15_000,
      );
    },
    async stop() {
      server.kill("SIGKILL");
      daemon.kill("SIGTERM");
      await writer.close().catch(() => {});
      await server.status;
      await pump.catch(() => {});
      dReader.releaseLock();
      await daemon.stdout.cancel().catch(() => {});
      await daemon.status;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
