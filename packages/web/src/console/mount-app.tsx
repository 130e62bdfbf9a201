import { type ComponentType, render } from 'preact';
import { CONSOLE_CSS } from './styles.js';

/** Starts a console page (desk or admin): its style, then the app in #app. */
export function mountApp(App: ComponentType, extraCss = ''): void {
  const style = document.createElement('style');
  style.textContent = CONSOLE_CSS + extraCss;
  document.head.append(style);
  const root = document.getElementById('app');
  if (root) render(<App />, root);
}
