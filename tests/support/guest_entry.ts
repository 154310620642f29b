// Test pages load this bundle: Tauri's own guest packages, unchanged, on window.tauriGuest.
import * as fs from "@tauri-apps/plugin-fs";
import * as clipboard from "@tauri-apps/plugin-clipboard-manager";
import * as os from "@tauri-apps/plugin-os";
import * as store from "@tauri-apps/plugin-store";
import * as notification from "@tauri-apps/plugin-notification";
import * as dialog from "@tauri-apps/plugin-dialog";
import * as shell from "@tauri-apps/plugin-shell";
import * as opener from "@tauri-apps/plugin-opener";
import * as process from "@tauri-apps/plugin-process";
import * as log from "@tauri-apps/plugin-log";
import * as http from "@tauri-apps/plugin-http";
import * as windowState from "@tauri-apps/plugin-window-state";
import WebSocket from "@tauri-apps/plugin-websocket";
import * as upload from "@tauri-apps/plugin-upload";
import * as updater from "@tauri-apps/plugin-updater";
import * as image from "@tauri-apps/api/image";
import * as core from "@tauri-apps/api/core";

(globalThis as unknown as Record<string, unknown>).tauriGuest = {
  fs,
  clipboard,
  os,
  store,
  notification,
  dialog,
  shell,
  opener,
  process,
  log,
  http,
  windowState,
  WebSocket,
  upload,
  updater,
  image,
  core,
};
