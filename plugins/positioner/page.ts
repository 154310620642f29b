/** `panes.positioner` (and `__TAURI__.positioner`), as `@tauri-apps/plugin-positioner`. @module */

/** Runs in the page. */
export function installPositionerApi(): void {
  type Invoke = (cmd: string, args?: unknown) => Promise<unknown>;
  const w = window as unknown as Record<string, Record<string, unknown>>;
  // Through Tauri's internals, as the guest package calls it: errors reject as Tauri's (strings).
  const invoke = w.__TAURI_INTERNALS__.invoke as Invoke;
  const names = [
    "TopLeft",
    "TopRight",
    "BottomLeft",
    "BottomRight",
    "TopCenter",
    "BottomCenter",
    "LeftCenter",
    "RightCenter",
    "Center",
    "TrayLeft",
    "TrayBottomLeft",
    "TrayRight",
    "TrayBottomRight",
    "TrayCenter",
    "TrayBottomCenter",
  ];
  const Position: Record<string, number | string> = {};
  names.forEach((n, i) => {
    Position[n] = i;
    Position[i] = n;
  });
  type Rect = { rect: { position: unknown; size: unknown } };
  const api = {
    Position,
    moveWindow: (to: number) =>
      invoke("plugin:positioner|move_window", { position: to }).then(() => undefined),
    moveWindowConstrained: (to: number) =>
      invoke("plugin:positioner|move_window_constrained", { position: to }).then(() => undefined),
    handleIconState: (event: Rect) =>
      invoke("plugin:positioner|set_tray_icon_state", {
        position: event.rect.position,
        size: event.rect.size,
      }).then(() => undefined),
  };
  w.panes.positioner = api;
  (w.__TAURI__ ??= {}).positioner = api;
}
