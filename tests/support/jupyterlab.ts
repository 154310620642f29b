/**
 * A JupyterLab server for the notebook tests: its own folders under `jupyter`, a free loopback
 * port and a token; resolved once its API answers (stopped, with its log, if it never does).
 * @module
 */
import { waitFor } from "../../testing.ts";

/** A running JupyterLab; `log()` is the end of its stderr, for failure messages. */
export interface JupyterLab {
  server: Deno.ChildProcess;
  port: number;
  token: string;
  log(): string;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Starts `command` (jupyter-lab) on the notebooks in `dir`, its state under `jupyter`. */
export async function startJupyterLab(
  command: string,
  dir: string,
  jupyter: string,
): Promise<JupyterLab> {
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
      "--LabApp.expose_app_in_browser=True",
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
      { what: "JupyterLab to answer", timeout: 90_000 },
    );
  } catch (e) {
    try {
      server.kill("SIGTERM");
    } catch { /* ended */ }
    await server.status;
    throw new Error(`${(e as Error).message}\n${log}`);
  }
  return { server, port, token, log: () => log };
}
