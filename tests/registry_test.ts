import { assert, assertEquals, assertThrows } from "./support/assert.ts";
import { LabelRegistry } from "../bridge/registry.ts";
import {
  assertPywryName,
  assertTauriName,
  EventNameError,
  matchKeys,
} from "../bridge/event_names.ts";

Deno.test("matchKeys: exact, base name, namespace wildcard, then *", () => {
  assertEquals(matchKeys("app:save:42"), ["app:save:42", "app:save", "app:*", "*"]);
  assertEquals(matchKeys("app:save"), ["app:save", "app:*", "*"]);
  assertEquals(matchKeys("data-updated"), ["data-updated", "*"]);
});

Deno.test("registry dispatch order, labels, and handler isolation", () => {
  const errors: string[] = [];
  const reg = new LabelRegistry((e, type, label) =>
    errors.push(`${label}/${type}: ${(e as Error).message}`)
  );
  const seen: string[] = [];
  reg.add("*", (_d, t, l) => seen.push(`*:${t}@${l}`));
  reg.add("app:*", (_d, t) => seen.push(`app:*:${t}`), "main");
  reg.add("app:save", (_d, t) => seen.push(`base:${t}`), "main");
  reg.add("app:save:7", () => {
    throw new Error("boom");
  }, "main");
  reg.add("app:save:7", (d) => seen.push(`exact:${JSON.stringify(d)}`), "main");
  reg.add("app:save", () => seen.push("other-window"), "other");
  const ran = reg.dispatch("app:save:7", { n: 1 }, "main");
  assertEquals(seen, ['exact:{"n":1}', "base:app:save:7", "app:*:app:save:7", "*:app:save:7@main"]);
  assertEquals(ran, 5);
  assertEquals(errors, ["main/app:save:7: boom"]);
});

Deno.test("registry: async rejections are reported, once handlers run once, remove and clearLabel", async () => {
  const errors: string[] = [];
  const reg = new LabelRegistry((e) => errors.push((e as Error).message));
  reg.add("a:b", () => Promise.reject(new Error("later")));
  let n = 0;
  reg.add("a:b", () => n++, undefined, true);
  reg.dispatch("a:b", null, "w");
  reg.dispatch("a:b", null, "w");
  await new Promise((r) => setTimeout(r, 0));
  assertEquals(n, 1);
  assertEquals(errors, ["later", "later"]);
  const id = reg.add("x:y", () => n += 10, "w");
  assert(reg.remove(id));
  assert(!reg.remove(id));
  reg.add("x:y", () => n += 100, "w");
  reg.clearLabel("w");
  reg.dispatch("x:y", null, "w");
  assertEquals(n, 1);
});

Deno.test("event names are validated with clear errors", () => {
  assertPywryName("app:click", false);
  assertPywryName("app:click:3", false);
  assertPywryName("app:*", true);
  assertPywryName("*", true);
  assertThrows(() => assertPywryName("click", false), EventNameError, "namespace:name");
  assertThrows(() => assertPywryName("a b:c", false), EventNameError);
  assertThrows(() => assertPywryName("app:*", false), TypeError, "wildcards only listen");
  assertThrows(() => assertPywryName(42, true), EventNameError);
  assertTauriName("data-updated");
  assertTauriName("a/b:c_d");
  assertThrows(() => assertTauriName("has space"), EventNameError, "Tauri event names");
});
