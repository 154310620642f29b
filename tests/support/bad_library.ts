// Tries to open a window with a libwebview path that does not exist; prints the error.
import { App } from "../../mod.ts";
const app = new App({ webviewLibrary: Deno.args[0] || undefined });
try {
  await app.show("<p>x</p>");
  console.log("OPENED");
} catch (e) {
  console.log(`${(e as Error).name}: ${(e as Error).message}`);
}
