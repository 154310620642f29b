// Another program holding a global key: grabs the combination given as JSON in argv[0] on its
// own X connection, prints "grabbed", and holds it until its stdin closes.
import { x11GlobalKeys } from "../../linux/global_keys/x11_grabs.ts";

const combo = JSON.parse(Deno.args[0]);
await x11GlobalKeys().grab(combo, () => {});
console.log("grabbed");
for await (const _ of Deno.stdin.readable) { /* until the test closes our stdin */ }
Deno.exit(0);
