// The bench's UI-thread commands (AppOptions.uiCommands): the same echoes as bench_echo and
// bench_json, answered on the UI thread (docs/performance.md, "UI-thread commands").
export default {
  bench_ui_echo: (body: unknown) => body,
  bench_ui_json: (body: unknown) => body,
};
