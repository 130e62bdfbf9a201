import { createParley, type Parley } from '@parley/sdk';
import { localStorageOf } from './local-storage.js';
import { takeTransferToken } from './transfer-param.js';

/** A command a page queues before the script has loaded: `parleyInterface.push((sdk) => …)`. */
type Command = (sdk: Parley) => unknown;

/** `parleyInterface.config` as the page wrote it. */
export interface TagConfig {
  projectId?: unknown;
  /** The iAdvize tag's name for the project id. */
  sid?: unknown;
  serverUrl?: unknown;
  compat?: unknown;
  /** The widget's options, which it reads and checks itself (widget/widget-options.ts). */
  locale?: unknown;
  lang?: unknown;
  strings?: unknown;
  showUnavailable?: unknown;
}

interface TagQueue {
  config?: TagConfig;
  push(...commands: Command[]): number;
  [index: number]: unknown;
  length: number;
}

interface TagGlobals {
  parleyInterface?: TagQueue;
  iAdvizeInterface?: TagQueue;
  iAdvize?: Parley;
  idzCustomData?: { extID?: unknown };
}

/** Where the page's SDK is kept, so a second copy of the script reuses it; a symbol no element id can shadow. */
const STARTED = Symbol.for('parley.sdk');

/** The project the tag started, and the server it talks to. */
export interface TagProject {
  projectId: string;
  serverUrl: string;
}

/** What the widget bundle adds on top of the tag (with the page's config, for its options); the core bundle passes nothing. */
export type MountWidget = (sdk: Parley, window: Window, config: TagConfig, project: TagProject) => void;

function runCommand(sdk: Parley, command: unknown): void {
  if (typeof command !== 'function') {
    console.error('[parley] parleyInterface.push expects functions of the SDK, got', command);
    return;
  }
  try {
    const result: unknown = command(sdk);
    if (result instanceof Promise) result.catch((error: unknown) => console.error('[parley] a queued command failed', error));
  } catch (error) {
    console.error('[parley] a queued command threw', error);
  }
}

/** Runs what the page queued, then makes every later `push` run at once. */
function drain(queue: TagQueue, sdk: Parley): void {
  const queued = Array.from({ length: queue.length }, (_, index) => queue[index]);
  queue.length = 0;
  queue.push = (...commands: Command[]) => {
    for (const command of commands) runCommand(sdk, command);
    return 0;
  };
  for (const command of queued) runCommand(sdk, command);
}

function projectIdOf(config: TagConfig): string | null {
  const id = config.projectId ?? config.sid;
  return (typeof id === 'string' && id.trim() !== '') || typeof id === 'number' ? String(id).trim() : null;
}

function serverUrlOf(config: TagConfig, scriptSrc: string | null, window: Window): string {
  if (typeof config.serverUrl === 'string') return config.serverUrl;
  return scriptSrc ? new URL(scriptSrc, window.location.href).origin : window.location.origin;
}

/**
 * Starts the script tag (spec §7.1): reads `parleyInterface.config` (or the iAdvize tag's `iAdvizeInterface.config`),
 * creates the SDK on localStorage, exposes it as `window.iAdvize` in compatibility mode, then runs the queued
 * commands. Answers null, with a console error saying what to fix, when the page is not set up.
 */
export function startTag(window: Window, scriptSrc: string | null, mountWidget?: MountWidget): Parley | null {
  const globals = window as unknown as TagGlobals;
  const started = (window as unknown as { [STARTED]?: Parley })[STARTED];
  if (started) return started;
  // First, before anything can read or send the address: a transfer token is single use and meant for this SDK only.
  const transferToken = takeTransferToken(window);
  const parleyQueue = globals.parleyInterface;
  const iAdvizeQueue = globals.iAdvizeInterface;
  const config = parleyQueue?.config ?? iAdvizeQueue?.config;
  const projectId = config ? projectIdOf(config) : null;
  if (!config || projectId === null) {
    console.error(
      '[parley] not started: set `window.parleyInterface = window.parleyInterface || []; parleyInterface.config = { projectId: "…" };` before the script tag',
    );
    return null;
  }
  const options = {
    projectId,
    serverUrl: serverUrlOf(config, scriptSrc, window),
    storage: localStorageOf(window),
    fetch: window.fetch.bind(window),
    WebSocket: (window as Window & typeof globalThis).WebSocket,
    ...(transferToken === null ? {} : { transferToken }),
  };
  const sdk = createParley(options);
  (window as unknown as { [STARTED]?: Parley })[STARTED] = sdk;
  const extId = globals.idzCustomData?.extID;
  if (extId !== undefined) {
    try {
      sdk.set('extId', typeof extId === 'number' ? String(extId) : extId);
    } catch (error) {
      console.warn('[parley] window.idzCustomData.extID ignored:', (error as Error).message);
    }
  }
  if (config.compat === 'iadvize' || !parleyQueue) globals.iAdvize = sdk;
  // Before the queued commands run: the widget hears their first activation.
  mountWidget?.(sdk, window, config, options);
  if (parleyQueue) drain(parleyQueue, sdk);
  if (iAdvizeQueue) drain(iAdvizeQueue, sdk);
  return sdk;
}
