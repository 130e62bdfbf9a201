// `/sdk/parley.js`: the script tag and the chat widget.
import { startTag } from './browser/tag.js';
import { mountWidget } from './widget/mount.js';

startTag(window, (document.currentScript as HTMLScriptElement | null)?.src ?? null, mountWidget);
