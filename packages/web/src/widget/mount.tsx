import type { Parley } from '@parley/sdk';
import { render } from 'preact';
import { WIDGET_CSS } from './styles.js';
import { Widget } from './Widget.js';

/**
 * Renders the widget in a Shadow DOM under its own element at the end of the document: the page's selectors cannot reach
 * inside, and the widget adds no global style or element the page could trip over.
 */
export function mountWidget(sdk: Parley, window: Window): void {
  const { document } = window;
  const attach = () => {
    const host = document.createElement('parley-widget');
    const shadow = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = WIDGET_CSS;
    const root = document.createElement('div');
    root.className = 'root';
    shadow.append(style, root);
    // After <body>, not in it: a transform or filter on the page's body would otherwise become the panel's frame.
    document.documentElement.append(host);
    render(<Widget sdk={sdk} />, root);
  };
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach, { once: true });
}
