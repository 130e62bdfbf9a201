import { contrastRatio, INK, parseHex, textOn, WHITE } from '../../../widget/contrast.js';

const TEXT_NAMES: Record<string, string> = { [WHITE]: 'white', [INK]: 'near-black', '#000000': 'black' };

/** The accent colour: a picker and its hex, with the contrast of the text the widget will put on it. */
export function AccentField({ value, onValue }: { value: string; onValue(value: string): void }) {
  const valid = parseHex(value.trim()) !== null;
  const accent = value.trim().toLowerCase();
  const text = valid ? textOn(accent) : WHITE;
  const ratio = valid ? contrastRatio(accent, text) : 0;
  return (
    <div class="accent-field">
      <div class="row">
        <input
          type="color"
          aria-label="Accent colour picker"
          value={valid ? accent : '#000000'}
          onInput={(event) => onValue(event.currentTarget.value)}
        />
        <input
          class="mono hex"
          aria-label="Accent colour"
          value={value}
          maxLength={7}
          spellcheck={false}
          onInput={(event) => onValue(event.currentTarget.value)}
        />
        {valid && (
          <span class="accent-sample" style={{ background: accent, color: text }}>
            Chat with us
          </span>
        )}
      </div>
      <p class="hint" aria-live="polite">
        {valid
          ? // textOn always reaches AA (4.5:1): the ratio says by how much.
            `Text on it: ${TEXT_NAMES[text] ?? text}, contrast ${ratio.toFixed(1)}:1 (WCAG ${ratio >= 7 ? 'AAA' : 'AA'}).`
          : 'Write a colour as # and six hex digits, such as #0a7c5a.'}
      </p>
    </div>
  );
}
