/** Run without --unstable-worker-options: show({ permissions }) must reject, not end the process. */
import { App, workerPermissionsAvailable } from "../../mod.ts";

console.log("available:", workerPermissionsAvailable());
await using app = new App({ config: false });
try {
  await app.show("<p>x</p>", {
    worker: new URL("./worker_window.ts", import.meta.url),
    permissions: { read: false },
  });
  console.log("opened");
} catch (e) {
  console.log("rejected:", (e as Error).message);
}
