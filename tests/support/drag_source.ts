/**
 * A drag source for drop tests: a small GTK 4 window (its own process, through Deno FFI) titled
 * by the first argument that offers the files named by the other arguments as `text/uri-list`
 * when dragged (what a file manager offers). Drive it with xdotool: button down on it, move
 * onto the target, button up. Prints "ready" once shown; runs until killed.
 *
 * Usage: deno run --allow-ffi --allow-env tests/support/drag_source.ts <title> <file>...
 * @module
 */

const [title, ...files] = Deno.args;
if (!title || files.length === 0) {
  console.error("usage: drag_source.ts <title> <file>...");
  Deno.exit(2);
}

const gtk = Deno.dlopen("libgtk-4.so.1", {
  gtk_init: { parameters: [], result: "void" },
  gtk_window_new: { parameters: [], result: "pointer" },
  gtk_window_set_title: { parameters: ["pointer", "buffer"], result: "void" },
  gtk_window_set_default_size: { parameters: ["pointer", "i32", "i32"], result: "void" },
  gtk_window_set_child: { parameters: ["pointer", "pointer"], result: "void" },
  gtk_window_present: { parameters: ["pointer"], result: "void" },
  gtk_label_new: { parameters: ["buffer"], result: "pointer" },
  gtk_drag_source_new: { parameters: [], result: "pointer" },
  gtk_drag_source_set_content: { parameters: ["pointer", "pointer"], result: "void" },
  gtk_drag_source_set_actions: { parameters: ["pointer", "i32"], result: "void" },
  gtk_widget_add_controller: { parameters: ["pointer", "pointer"], result: "void" },
  gtk_widget_get_mapped: { parameters: ["pointer"], result: "i32" },
  gdk_content_provider_new_for_bytes: { parameters: ["buffer", "pointer"], result: "pointer" },
  g_bytes_new: { parameters: ["buffer", "usize"], result: "pointer" },
  g_main_context_iteration: { parameters: ["pointer", "i32"], result: "i32" },
});
const s = gtk.symbols;
const cstr = (t: string) => new TextEncoder().encode(t + "\0");

s.gtk_init();
const win = s.gtk_window_new();
s.gtk_window_set_title(win, cstr(title));
s.gtk_window_set_default_size(win, 200, 150);
const label = s.gtk_label_new(cstr("drag me"));
s.gtk_window_set_child(win, label);

// text/uri-list: one file: URI per line, CRLF-terminated (RFC 2483).
const list = files.map((f) => `file://${f.split("/").map(encodeURIComponent).join("/")}\r\n`)
  .join("");
const bytes = new TextEncoder().encode(list);
const provider = s.gdk_content_provider_new_for_bytes(
  cstr("text/uri-list"),
  s.g_bytes_new(bytes, BigInt(bytes.length)),
);
const source = s.gtk_drag_source_new();
s.gtk_drag_source_set_content(source, provider);
s.gtk_drag_source_set_actions(source, 1); // GDK_ACTION_COPY
s.gtk_widget_add_controller(label, source);
s.gtk_window_present(win);

let announced = false;
while (true) {
  // Blocking iteration would starve timers here; poll GTK and yield to Deno's loop.
  while (s.g_main_context_iteration(null, 0)) { /* drain */ }
  if (!announced && s.gtk_widget_get_mapped(win)) {
    announced = true;
    console.log("ready");
  }
  await new Promise((r) => setTimeout(r, 5));
}
