/** The worker of bench/worker_windows.ts: the same commands as the bench's main isolate. @module */

import { pane } from "../worker.ts";
import { burn, ping } from "./worker_commands.ts";

pane.commands
  .command("ping", {}, ping)
  .command("burn", {}, burn);
