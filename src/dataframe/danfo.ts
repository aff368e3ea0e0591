import { requireOptionalPeer } from "../util/optional-peer";

/**
 * danfojs, loaded on first use. Installing it in a project needs an `overrides` entry: danfojs 1.2
 * names its `xlsx` dependency by a tarball URL on the SheetJS CDN, which npm fetches outside the
 * registry (and which many networks cannot reach); 0.18.5 is the last xlsx on the npm registry.
 */
export function loadDanfo(neededBy: string): typeof import("danfojs") {
  return requireOptionalPeer({ name: "danfojs", neededBy, install: DANFO_INSTALL });
}

export const DANFO_INSTALL =
  'add "overrides": { "xlsx": "0.18.5" } to your package.json (danfojs 1.2 fetches xlsx from the SheetJS CDN otherwise), then run: npm install danfojs@1.2';
