// `/sdk/parley-core.js`: the script tag without the widget, for brands that draw their own chat.
import { startTag } from './browser/tag.js';

startTag(window, (document.currentScript as HTMLScriptElement | null)?.src ?? null);
