// Child app for tests/native_load_test.ts: shows two windows with the libwebview given as the
// first argument (none: the default one), then destroys the app, and prints what each step did as
// one JSON line. A crash (the bug this guards against was a SIGSEGV) shows as its exit status.
import { App } from "../../mod.ts";

type Step = { opened: number } | { error: string } | { destroyed: true };
const steps: Step[] = [];
const app = new App({ config: false, webviewLibrary: Deno.args[0] || undefined });
for (const label of ["first", "second"]) {
  try {
    const win = await app.show("<p>native load</p>", { label, width: 160, height: 100 });
    steps.push({ opened: await win.evalJs<number>("1 + 1") });
  } catch (e) {
    steps.push({ error: `${(e as Error).name}: ${(e as Error).message}` });
  }
}
await app.destroy();
steps.push({ destroyed: true });
console.log(JSON.stringify(steps));
