/**
 * Deno's real Jupyter kernel under Jupyter's own client, for the notebook tests: a Python child
 * (`notebook_kernel.py`, jupyter_client's KernelManager) starts `deno jupyter --kernel`, runs
 * cells, sends frontend messages, restarts and shuts the kernel down, and answers in JSON lines.
 * @module
 */

const root = new URL("../../", import.meta.url).pathname;
const driver = new URL("./notebook_kernel.py", import.meta.url).pathname;

/** One IOPub or shell message as the driver reports it. */
export interface KernelMessage {
  msg_type: string;
  content: Record<string, unknown>;
  parent_msg_id?: string;
  metadata: Record<string, unknown>;
}

/** What running one cell gave. */
export interface CellResult {
  outputs: KernelMessage[];
  others: KernelMessage[];
  reply: { status: string; ename?: string; evalue?: string };
}

/** The Python that has jupyter_client: Debian's (`python3-jupyter-client`) first. */
export async function jupyterPython(): Promise<string> {
  for (const py of ["/usr/bin/python3", "python3"]) {
    try {
      const out = await new Deno.Command(py, {
        args: ["-c", "import jupyter_client"],
        stdout: "null",
        stderr: "null",
      }).output();
      if (out.success) return py;
    } catch { /* not there */ }
  }
  throw new Error(
    "no Python with jupyter_client: apt-get install python3-jupyter-client (.ci/run does)",
  );
}

/** A running kernel and its driver. */
export class JupyterKernel {
  readonly #child: Deno.ChildProcess;
  readonly #lines: ReadableStreamDefaultReader<string>;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  #stderr = "";
  /** The kernel process's pid (changes on restart). */
  pid = 0;

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#lines = child.stdout.pipeThrough(new TextDecoderStream()).pipeThrough(lineSplitter())
      .getReader();
    this.#stdin = child.stdin.getWriter();
    void (async () => {
      for await (const t of child.stderr.pipeThrough(new TextDecoderStream())) {
        this.#stderr = (this.#stderr + t).slice(-4000);
      }
    })();
  }

  /**
   * Starts the kernel in `cwd` (default the repository: its deno.json resolves `zod` and
   * friends), as a notebook server starts it in the notebook's folder.
   */
  static async start(cwd = root, timeoutMs = 120_000): Promise<JupyterKernel> {
    const child = new Deno.Command(await jupyterPython(), {
      args: [driver, Deno.execPath(), cwd],
      cwd: root,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    const k = new JupyterKernel(child);
    const ready = await k.#read(timeoutMs, "the kernel to be ready") as { pid: number };
    k.pid = ready.pid;
    return k;
  }

  async #read(timeoutMs: number, what: string): Promise<Record<string, unknown>> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) =>
      timer = setTimeout(
        () =>
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.#stderr}`)),
        timeoutMs,
      )
    );
    try {
      const { value, done } = await Promise.race([this.#lines.read(), timeout]);
      if (done) {
        throw new Error(`the kernel driver ended while waiting for ${what}\n${this.#stderr}`);
      }
      const answer = JSON.parse(value);
      if (answer.error) throw new Error(`kernel driver: ${answer.error}\n${this.#stderr}`);
      return answer;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends one request and reads its answer. */
  async request(
    req: Record<string, unknown>,
    timeoutMs = 90_000,
  ): Promise<Record<string, unknown>> {
    await this.#stdin.write(new TextEncoder().encode(JSON.stringify(req) + "\n"));
    return await this.#read(timeoutMs, `the answer to ${req.op}`);
  }

  /** Runs a cell that ends in a value; fails with the cell's error if it raised one. */
  async run(code: string, timeoutS = 60): Promise<CellResult> {
    const r = await this.request(
      { op: "execute", code, timeout: timeoutS },
      timeoutS * 1000 + 10_000,
    ) as unknown as CellResult;
    const err = r.outputs.find((o) => o.msg_type === "error");
    if (err || r.reply.status !== "ok") {
      throw new Error(
        `cell failed: ${JSON.stringify(err?.content ?? r.reply)}\n--- cell ---\n${code}`,
      );
    }
    return r;
  }

  /** Runs a cell whose value is `out(x)` (defined by the setup cell) and returns `x`. */
  async value<T>(code: string, timeoutS = 60): Promise<T> {
    const r = await this.run(code, timeoutS);
    const result = r.outputs.find((o) => o.msg_type === "execute_result");
    const data = result?.content.data as Record<string, unknown> | undefined;
    const json = data?.["application/json"] as { v: T } | undefined;
    if (!json) throw new Error(`the cell gave no out(…) value: ${JSON.stringify(r.outputs)}`);
    return json.v;
  }

  /** Restarts the kernel as the notebook's menu does; resolves with the old and new pids. */
  async restart(): Promise<{ before: number; after: number }> {
    const r = await this.request({ op: "restart" }, 150_000) as {
      before: { pid: number };
      after: { pid: number };
    };
    this.pid = r.after.pid;
    return { before: r.before.pid, after: r.after.pid };
  }

  /** Shuts the kernel down and ends the driver. */
  async shutdown(): Promise<void> {
    try {
      await this.request({ op: "shutdown" }, 60_000);
    } finally {
      await this.#stdin.close().catch(() => {});
      await this.#child.status;
    }
  }

  /** Ends the driver and its kernel at once (a failed test's cleanup). */
  kill(): void {
    try {
      if (this.pid) Deno.kill(this.pid, "SIGKILL");
    } catch { /* gone */ }
    try {
      this.#child.kill("SIGKILL");
    } catch { /* gone */ }
  }
}

function lineSplitter(): TransformStream<string, string> {
  let buf = "";
  return new TransformStream({
    transform(chunk, controller) {
      buf += chunk;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        controller.enqueue(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    },
  });
}

/** Whether a process with this pid is alive (not a zombie). */
export function processAlive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

/** Live children of `pid` (their PPid is `pid`). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const status = Deno.readTextFileSync(`/proc/${e.name}/status`);
      if (new RegExp(`^PPid:\\s+${pid}$`, "m").test(status) && processAlive(Number(e.name))) {
        out.push(Number(e.name));
      }
    } catch { /* ended meanwhile */ }
  }
  return out;
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export async function listening(port: number): Promise<boolean> {
  try {
    const c = await Deno.connect({ hostname: "127.0.0.1", port });
    c.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * A page that renders a cell's `text/html` output the way JupyterLab renders a trusted one
 * (innerHTML, then its scripts run), served from `http://localhost:PORT`: another site than
 * the panes server on 127.0.0.1, as a notebook server is.
 */
export function serveOutputPage(): { url(html: string): string; close(): Promise<void> } {
  const pages = new Map<string, string>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const html = pages.get(new URL(req.url).pathname.slice(1));
    if (html === undefined) return new Response("not found", { status: 404 });
    const page = `<!doctype html><meta charset="utf-8"><title>notebook</title>
<div id="out"></div>
<script>
const out = document.getElementById("out");
out.innerHTML = ${JSON.stringify(html).replace(/<\//g, "<\\/")};
for (const s of out.querySelectorAll("script")) {
  const n = document.createElement("script");
  n.textContent = s.textContent;
  s.replaceWith(n);
}
</script>`;
    return new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } });
  });
  server.unref(); // a test process ends when its tests do
  return {
    url(html: string) {
      const id = crypto.randomUUID();
      pages.set(id, html);
      return `http://localhost:${server.addr.port}/${id}`;
    },
    close: () => server.shutdown(),
  };
}
