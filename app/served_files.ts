/**
 * What a window's page may load from the host besides its own HTML: the app's frontend folder
 * (`panes://app/<path>`, `frontend_dist.ts`) and Tauri's asset protocol (`asset://localhost/…`,
 * `asset_protocol.ts`). The native transport hands every such request here (read on main, never
 * on the UI thread).
 * @module
 */

import type { AppDirs } from "../plugins/paths.ts";
import { AssetProtocol, type AssetProtocolOptions } from "./asset_protocol.ts";
import { FrontendDist, textAnswer } from "./frontend_dist.ts";
import type { FileAnswer, FileRequest } from "../transports/native/native_transport.ts";

/** The files one app serves to its windows. */
export class ServedFiles {
  /** The frontend folder, when the app names one. */
  readonly dist: FrontendDist | undefined;
  /** The asset protocol (answers 403 while it is off). */
  readonly assets: AssetProtocol;
  readonly #mayUseAssets: (label: string, page: string) => boolean;

  /**
   * `mayUseAssets`: whether the page `page` of the window `label` is one the app trusts (app
   * content, a host-loaded origin, or an origin a capability names); others get 403.
   */
  constructor(
    options: {
      frontendDist?: string;
      assetProtocol?: AssetProtocolOptions;
      dirs: AppDirs;
      csp: () => string | false;
    },
    mayUseAssets: (label: string, page: string) => boolean,
  ) {
    this.dist = options.frontendDist === undefined
      ? undefined
      : new FrontendDist(options.frontendDist, options.csp);
    this.assets = new AssetProtocol(options.assetProtocol, options.dirs);
    this.#mayUseAssets = mayUseAssets;
  }

  /** Answers one request of a window's page. */
  serve(request: FileRequest): Promise<FileAnswer> {
    if (request.uri.startsWith("asset:")) {
      if (!this.assets.enabled) return this.assets.serve(request.uri, request.range);
      if (!this.#mayUseAssets(request.label, request.page)) {
        return Promise.resolve(
          textAnswer(403, `Forbidden: the page ${request.page} may not use the asset protocol`),
        );
      }
      return this.assets.serve(request.uri, request.range);
    }
    if (!this.dist) {
      return Promise.resolve(
        textAnswer(
          404,
          `Not found: ${request.uri} (this app has no frontend folder: AppOptions.frontendDist)`,
        ),
      );
    }
    return this.dist.serve(request.uri, request.range);
  }
}

const byApp = new WeakMap<object, ServedFiles>();

/** Ties an app to its served files (the core webview plugin resolves page URLs with them). */
export function bindServedFiles(app: object, files: ServedFiles): void {
  byApp.set(app, files);
}

/** The served files of `app`. */
export function servedFilesOf(app: object): ServedFiles {
  const files = byApp.get(app);
  if (!files) throw new Error("panes: no served files for this app");
  return files;
}
