// Test pages of the desktop-integration plugins load this bundle: Tauri's guest packages,
// unchanged, on window.tauriGuest (tests/support/guest.ts bundles it on demand).
import * as globalShortcut from "@tauri-apps/plugin-global-shortcut";
import * as deepLink from "@tauri-apps/plugin-deep-link";
import * as positioner from "@tauri-apps/plugin-positioner";
import * as autostart from "@tauri-apps/plugin-autostart";
import * as event from "@tauri-apps/api/event";
import * as dpi from "@tauri-apps/api/dpi";

(globalThis as unknown as Record<string, unknown>).tauriGuest = {
  globalShortcut,
  deepLink,
  positioner,
  autostart,
  event,
  dpi,
};
