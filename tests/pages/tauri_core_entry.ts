// Test pages load this bundle: @tauri-apps/api's modules as published, on window.tauriCore.
import * as app from "@tauri-apps/api/app";
import * as core from "@tauri-apps/api/core";
import * as dpi from "@tauri-apps/api/dpi";
import * as event from "@tauri-apps/api/event";
import * as image from "@tauri-apps/api/image";
import * as menu from "@tauri-apps/api/menu";
import * as path from "@tauri-apps/api/path";
import * as tray from "@tauri-apps/api/tray";
import * as webview from "@tauri-apps/api/webview";
import * as webviewWindow from "@tauri-apps/api/webviewWindow";
import * as window from "@tauri-apps/api/window";

(globalThis as unknown as Record<string, unknown>).tauriCore = {
  app,
  core,
  dpi,
  event,
  image,
  menu,
  path,
  tray,
  webview,
  webviewWindow,
  window,
};
