import type { Parley } from '@parley/sdk';
import { render } from 'preact';
import type { TagConfig, TagProject } from '../browser/tag.js';
import { applyAppearance, loadAppearance } from './appearance.js';
import { WIDGET_CSS } from './styles.js';
import { watchUnavailable } from './unavailable.js';
import { Widget } from './Widget.js';
import { widgetOptions, withAppearance } from './widget-options.js';

/**
 * Renders the widget in a Shadow DOM under its own element at the end of the document: the page's selectors cannot reach
 * inside, and the widget adds no global style or element the page could trip over. Its options come from the page's
 * config and the project's appearance; it follows activations from now on, before the page's queued commands run, and
 * shows once the appearance is there (no flash of Parley's colours on a brand's site).
 */
export function mountWidget(sdk: Parley, window: Window, config: TagConfig, project: TagProject): void {
  const { document, navigator } = window;
  const options = widgetOptions(config, navigator.languages?.length ? navigator.languages : [navigator.language], (line) =>
    console.warn(line),
  );
  const unavailable = watchUnavailable(sdk);
  const appearance = loadAppearance(window.fetch.bind(window), project.serverUrl, project.projectId);
  const attach = () => {
    const host = document.createElement('parley-widget');
    const shadow = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = WIDGET_CSS;
    const root = document.createElement('div');
    root.className = 'root';
    // Screen readers pronounce the widget's words in its language, whatever the page's.
    root.lang = options.lang;
    shadow.append(style, root);
    // After <body>, not in it: a transform or filter on the page's body would otherwise become the panel's frame.
    document.documentElement.append(host);
    render(<Widget sdk={sdk} options={null} unavailable={unavailable} />, root);
    void appearance.then((loaded) => {
      applyAppearance(root, loaded);
      render(<Widget sdk={sdk} options={withAppearance(options, loaded)} unavailable={unavailable} />, root);
    });
  };
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach, { once: true });
}
