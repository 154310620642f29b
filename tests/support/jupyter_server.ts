/**
 * A Jupyter server for the notebook tests, JupyterLab (`jupyter lab`) or Jupyter Notebook 7
 * (`jupyter notebook`): its own folders under `jupyter` (a Deno kernelspec, JupyterLab's news off),
 * a free loopback port and a token; resolved once its API answers (stopped, with its log, if it
 * never does). Both apps are built on JupyterLab's components and serve the same federated
 * labextensions (`JUPYTER_PATH`/labextensions); what differs is the app's name on the command line,
 * the class that exposes `window.jupyterapp`, and where a notebook opens.
 * @module
 */
import { processesOf } from "./chromium.ts";
import { DevTools } from "./cdp.ts";
import type { HeadlessChromium } from "./chromium.ts";
import { waitFor } from "../../testing.ts";

/** Which Jupyter front end: JupyterLab 4 or Jupyter Notebook 7. */
export type JupyterApp = "lab" | "notebook";

const APPS: Record<JupyterApp, { name: string; command: string; config: string; path: string }> = {
  lab: { name: "JupyterLab", command: "jupyter-lab", config: "LabApp", path: "/lab/tree/" },
  // Notebook 7's own UI (/notebooks/…), not JupyterLab's, which `jupyter notebook` serves too.
  notebook: {
    name: "Jupyter Notebook",
    command: "jupyter-notebook",
    config: "JupyterNotebookApp",
    path: "/notebooks/",
  },
};

/** The app's name, for messages ("JupyterLab", "Jupyter Notebook"). */
export function appName(app: JupyterApp): string {
  return APPS[app].name;
}

/** Whether the app's command runs here (`--version`). */
export async function installed(app: JupyterApp): Promise<boolean> {
  try {
    const out = await new Deno.Command(APPS[app].command, {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false; // not installed
  }
}

/** A running Jupyter server; `log()` is the end of its stderr, for failure messages. */
export interface JupyterServer {
  app: JupyterApp;
  server: Deno.ChildProcess;
  port: number;
  token: string;
  /** The folder of its state (`JUPYTER_*` dirs), whose runtime dir names its kernels. */
  jupyter: string;
  log(): string;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/**
 * Makes `${dir}/.jupyter`, the servers' state folder: a kernelspec "deno" running this Deno's
 * kernel, and JupyterLab's news (which asks the network) off. Returns its path.
 */
export async function jupyterHome(dir: string): Promise<string> {
  const jupyter = `${dir}/.jupyter`;
  await Deno.mkdir(`${jupyter}/share/kernels/deno`, { recursive: true });
  await Deno.writeTextFile(
    `${jupyter}/share/kernels/deno/kernel.json`,
    JSON.stringify({
      argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
      display_name: "Deno",
      language: "typescript",
    }),
  );
  await Deno.mkdir(`${jupyter}/settings/@jupyterlab/apputils-extension`, { recursive: true });
  await Deno.writeTextFile(
    `${jupyter}/settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings`,
    JSON.stringify({ fetchNews: "false" }),
  );
  return jupyter;
}

/** Writes a notebook of one code cell (`source`) for the Deno kernel. */
export async function writeNotebook(path: string, source: string): Promise<void> {
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      cells: [{
        cell_type: "code",
        id: "c1",
        metadata: {},
        execution_count: null,
        outputs: [],
        source,
      }],
      metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    }),
  );
}

/** Starts `app` on the notebooks in `dir`, its state under `jupyter` (see `jupyterHome`). */
export async function startJupyter(
  app: JupyterApp,
  dir: string,
  jupyter: string,
): Promise<JupyterServer> {
  const { name, command, config } = APPS[app];
  const port = freePort();
  const token = crypto.randomUUID();
  const server = new Deno.Command(command, {
    args: [
      "--no-browser",
      "--ServerApp.ip=127.0.0.1",
      `--ServerApp.port=${port}`,
      "--ServerApp.port_retries=0",
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${dir}`,
      `--${config}.expose_app_in_browser=True`, // window.jupyterapp, for the tests' scripts
      ...(Deno.uid() === 0 ? ["--allow-root"] : []), // CI runs as root
    ],
    env: {
      JUPYTER_PATH: `${jupyter}/share`,
      JUPYTER_CONFIG_DIR: `${jupyter}/config`,
      JUPYTER_DATA_DIR: `${jupyter}/data`,
      JUPYTER_RUNTIME_DIR: `${jupyter}/runtime`,
      JUPYTERLAB_WORKSPACES_DIR: `${jupyter}/workspaces`,
      JUPYTERLAB_SETTINGS_DIR: `${jupyter}/settings`,
    },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let log = "";
  void (async () => {
    for await (const t of server.stderr.pipeThrough(new TextDecoderStream())) {
      log = (log + t).slice(-6000);
    }
  })();
  try {
    await waitFor(
      async () => {
        const r = await fetch(`http://127.0.0.1:${port}/api/status?token=${token}`);
        await r.body?.cancel();
        return r.ok;
      },
      { what: `${name} to answer`, timeout: 90_000 },
    );
  } catch (e) {
    try {
      server.kill("SIGTERM");
    } catch { /* ended */ }
    await server.status;
    throw new Error(`${(e as Error).message}\n${log}`);
  }
  return { app, server, port, token, jupyter, log: () => log };
}

/**
 * Opens `notebook` (a path under the server's root) in the app's own UI in a new tab of
 * `chromium`, at `localhost` (another site than the panes server on 127.0.0.1, as most notebook
 * URLs are), 1200×900, and waits until its Deno kernel is connected and idle.
 */
export async function openNotebook(
  jl: JupyterServer,
  chromium: HeadlessChromium,
  notebook: string,
): Promise<{ tab: string; devtools: DevTools }> {
  const tab = await chromium.open(
    `http://localhost:${jl.port}${APPS[jl.app].path}${notebook}?token=${jl.token}`,
  );
  const devtools = await DevTools.connect(chromium.port, tab);
  try {
    await devtools.send("Emulation.setDeviceMetricsOverride", {
      width: 1200,
      height: 900,
      deviceScaleFactor: 1,
      mobile: false,
    });
    // Both apps' shells have the notebook panel as their current widget.
    await waitFor(
      () =>
        devtools.evaluate<boolean>(`(() => {
          const w = window.jupyterapp?.shell?.currentWidget;
          return !!(w && w.sessionContext && w.sessionContext.session?.kernel?.connectionStatus === "connected"
            && w.sessionContext.session.kernel.status === "idle");
        })()`),
      { what: "the notebook open with its Deno kernel idle", timeout: 120_000 },
    );
    // The app's own UI ("Jupyter Notebook" for Notebook 7's /notebooks/ page), not the other's.
    const shown = await devtools.evaluate<string>("window.jupyterapp.name");
    if (shown !== APPS[jl.app].name) {
      throw new Error(`the page is ${shown}'s, not ${APPS[jl.app].name}'s`);
    }
  } catch (e) {
    devtools.close();
    throw new Error(`${(e as Error).message}\n${jl.log()}`);
  }
  return { tab, devtools };
}

/**
 * Stops the server (it shuts its kernels down as it ends) and checks that no kernel of it is
 * left (their connection files are under its runtime dir); leftovers are killed, and it throws.
 */
export async function stopJupyter(jl: JupyterServer): Promise<void> {
  try {
    jl.server.kill("SIGTERM");
  } catch { /* ended */ }
  // The server shuts its kernels down, stops its loop, then exits; measured (jupyter_server
  // 2.21, anyio 4): its exit can wait forever on an idle AnyIO worker thread (not a daemon), so
  // after a while it is killed. Its kernels are checked below either way.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ended = await Promise.race([
    jl.server.status.then(() => true),
    new Promise<boolean>((r) => timer = setTimeout(() => r(false), 30_000)),
  ]);
  clearTimeout(timer);
  if (!ended) {
    console.log(`note: ${APPS[jl.app].name} did not exit within 30 s of SIGTERM; killed`);
    try {
      jl.server.kill("SIGKILL");
    } catch { /* ended */ }
    await jl.server.status;
  }
  await waitFor(
    () => processesOf(`${jl.jupyter}/runtime`).length === 0,
    { what: `the Deno kernel to end with ${APPS[jl.app].name}`, timeout: 20_000 },
  ).catch((e) => {
    for (const pid of processesOf(`${jl.jupyter}/runtime`)) {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch { /* ended */ }
    }
    throw e;
  });
}
