/**
 * WebDriver for panes apps: starts WebKitGTK's WebDriver server (`WebKitWebDriver`, Debian's
 * `webkit2gtk-driver`) so that a standard W3C client (tested with `selenium-webdriver`) can
 * launch a panes app and drive its window, and builds the capabilities that launch one.
 * What works on which WebKitGTK: docs/testing.md.
 * @module
 */

/** A running WebDriver server. */
export interface WebDriverServer {
  /** Its URL, for the client (`new Builder().usingServer(url)`). */
  url: string;
  /** What the server printed so far (for failure messages). */
  output(): string;
  /** Stops the server (apps it launched end with their sessions; see docs/testing.md). */
  stop(): Promise<void>;
  /** As {@linkcode WebDriverServer.stop}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Options of {@linkcode startWebDriver}. */
export interface WebDriverOptions {
  /** The server binary (default `WebKitWebDriver` on the PATH, or `PANES_WEBDRIVER`). */
  binary?: string;
  /**
   * Let the apps the server launches be automated (default true): sets `PANES_AUTOMATION=1` in
   * the server's environment, which it passes on to them. panes allows automation only then.
   */
  automation?: boolean;
  /** Extra environment for the server and the apps it launches. */
  env?: Record<string, string>;
  /** How long to wait for the server to answer, in ms (default 10,000). */
  timeout?: number;
}

const MISSING = "WebDriver needs WebKitGTK's WebDriver server, WebKitWebDriver " +
  "(Debian/Ubuntu: `apt-get install -y webkit2gtk-driver`; or set PANES_WEBDRIVER to its path)";

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Starts WebKitWebDriver on a free loopback port and waits until it answers `/status`. */
export async function startWebDriver(options: WebDriverOptions = {}): Promise<WebDriverServer> {
  const binary = options.binary ?? Deno.env.get("PANES_WEBDRIVER") ?? "WebKitWebDriver";
  const port = freePort();
  const env: Record<string, string> = { ...options.env };
  if (options.automation ?? true) env.PANES_AUTOMATION = "1";
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(binary, {
      args: [`--port=${port}`, "--host=127.0.0.1"],
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new Error(MISSING, { cause: e });
    throw e;
  }
  let printed = "";
  const decoder = new TextDecoder();
  const pump = async (s: ReadableStream<Uint8Array>) => {
    for await (const chunk of s) printed = (printed + decoder.decode(chunk)).slice(-20_000);
  };
  const pumped = Promise.all([pump(child.stdout), pump(child.stderr)]);
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const stop = async () => {
    if (!exited) {
      try {
        child.kill("SIGTERM");
      } catch { /* ended meanwhile */ }
    }
    await status;
    await pumped;
  };
  const timeout = options.timeout ?? 10_000;
  const end = Date.now() + timeout;
  let last = "no answer";
  while (Date.now() < end && !exited) {
    try {
      const r = await fetch(`${url}/status`, { signal: AbortSignal.timeout(1000) });
      const body = await r.json() as { value?: { ready?: boolean } };
      if (body.value?.ready) {
        return { url, output: () => printed, stop, [Symbol.asyncDispose]: stop };
      }
      last = JSON.stringify(body);
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(
    `${binary} did not become ready on ${url} within ${timeout} ms (last: ${last}; ` +
      `it printed: ${printed.trim().slice(-500) || "nothing"})`,
  );
}

/** Options of {@linkcode panesCapabilities}. */
export interface PanesCapabilityOptions {
  /** Deno's flags for the app (default `["-A"]`). */
  denoFlags?: string[];
  /** Arguments for the app itself (its `Deno.args`). */
  args?: string[];
  /** The Deno binary (default: the one running this). */
  deno?: string;
}

/** W3C capabilities that make WebKitWebDriver launch `deno run <flags> <script> <args>`. */
export function panesCapabilities(
  script: string | URL,
  options: PanesCapabilityOptions = {},
): Record<string, unknown> {
  const path = script instanceof URL ? script.pathname : script;
  return {
    // The name panes gives its automation sessions: a client may ask for it (Selenium must).
    browserName: "panes",
    "webkitgtk:browserOptions": {
      binary: options.deno ?? Deno.execPath(),
      args: ["run", ...(options.denoFlags ?? ["-A"]), path, ...(options.args ?? [])],
    },
  };
}
