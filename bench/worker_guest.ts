/** The worker of bench/worker_windows.ts: the same commands as the bench's main isolate. @module */

import { pane } from "../worker.ts";

pane.commands
  .command("ping", {}, ({ body }) => body)
  .command("burn", {}, ({ body }) => {
    const end = performance.now() + Number(body);
    let n = 0;
    while (performance.now() < end) n++;
    return n;
  });
