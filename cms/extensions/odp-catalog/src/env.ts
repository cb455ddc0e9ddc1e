// What the catalog hook needs from its environment, through the project's one configuration module
// (platform/config.ts): Directus passes on the environment it was started with, and directusConfig
// sets these variables when the project starts Directus (README, "Configuration").
import { cmsHookConfig } from '../../../../platform/config.ts';
import type { LiveIndexTarget } from '../../../../search/src/live-index.ts';

export interface HookEnv {
  /** The portal's static files: distributions' files under /data/ are scanned there. */
  publicDir: string;
  /** Editors' uploads (ODP_UPLOADS_DIR): `/data/<dataset>/<file>` is scanned there too. */
  uploadsDir: string;
  /** The portal's own origins: a file linked by one of them is scanned from publicDir too. */
  portalOrigins: string[];
  /** The personal-data patterns operators edit (ODP_PII_PATTERNS). */
  piiPatternsFile: string;
  /** The largest file read to profile it when an entry is sent for review (ODP_UPLOAD_MAX_BYTES, as the workspace's check page). */
  maxBytes: number;
  /** The running pipeline's publish endpoint; unset when nothing publishes to live (tests, seeding). */
  publish?: { url: string; secret: string };
  /** Meilisearch, for keeping the search index current; unset when no index is kept live. */
  searchIndex?: LiveIndexTarget;
}

export function hookEnv(): HookEnv {
  const c = cmsHookConfig();
  return {
    publicDir: c.publicDir,
    uploadsDir: c.uploadsDir,
    portalOrigins: c.portalOrigins,
    piiPatternsFile: c.piiPatterns,
    maxBytes: c.uploadMaxBytes,
    publish: c.publish,
    searchIndex: c.liveIndex,
  };
}
