import { type PublicWidgetAppearance, WIDGET_STRING_KEYS } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { accentProperties } from '../src/widget/appearance.js';
import { contrastRatio, darker, INK, textOn, WHITE } from '../src/widget/contrast.js';
import { EN } from '../src/widget/i18n/en.js';
import { initials } from '../src/widget/initials.js';
import { widgetOptions, withAppearance } from '../src/widget/widget-options.js';

const APPEARANCE: PublicWidgetAppearance = {
  accentColor: '#0a7c5a',
  title: 'Help from Shop',
  subtitle: null,
  greeting: 'Hi! Ask us about your order.',
  launcherPosition: 'left',
  agentNames: 'generic',
  strings: { fr: { placeholder: 'Votre question…', subtitle: 'Du lundi au vendredi' }, en: { placeholder: 'Ask away' } },
};

describe('accent colours', () => {
  it('measures contrast as WCAG 2 does', () => {
    expect(contrastRatio(WHITE, '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', WHITE)).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#4338ca', WHITE)).toBeCloseTo(7.9, 1);
    expect(contrastRatio('nonsense', WHITE)).toBe(1);
  });

  it('writes white on dark accents and ink on light ones, always at AA (4.5:1) or better', () => {
    expect(textOn('#0a7c5a')).toBe(WHITE);
    expect(textOn('#facc15')).toBe(INK);
    for (let grey = 0; grey <= 255; grey += 5) {
      const hex = `#${grey.toString(16).padStart(2, '0').repeat(3)}`;
      expect(contrastRatio(hex, textOn(hex)), hex).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('derives the shades the stylesheet reads, and none for the default', () => {
    expect(darker('#ffffff', 0.5)).toBe('#808080');
    expect(accentProperties('#facc15')).toEqual({
      '--accent': '#facc15',
      '--accent-dark': darker('#facc15', 0.12),
      '--accent-end': darker('#facc15', 0.22),
      '--on-accent': INK,
      '--accent-ring': 'rgba(250,204,21,0.25)',
    });
    expect(accentProperties(null)).toEqual({});
  });
});

describe("the project's wording", () => {
  const warn = () => {};

  it("puts the project's strings for the widget's language over the language's, and the page's over both", () => {
    const french = withAppearance(widgetOptions({ strings: { send: 'Go' } }, ['fr-FR'], warn), APPEARANCE);
    expect(french.strings.title).toBe('Help from Shop'); // every language
    expect(french.strings.subtitle).toBe('Du lundi au vendredi');
    expect(french.strings.placeholder).toBe('Votre question…');
    expect(french.strings.send).toBe('Go');
    expect(french.greeting).toBe('Hi! Ask us about your order.');
    expect(french.agentNames).toBe(false);

    const english = withAppearance(widgetOptions({ strings: { placeholder: 'Page wins' } }, ['en-GB'], warn), APPEARANCE);
    expect(english.strings.placeholder).toBe('Page wins');
    expect(english.strings.subtitle).toBe(EN.subtitle);
  });

  it('keeps the defaults when no appearance could be loaded, and ignores what is not a widget string', () => {
    const options = widgetOptions({}, ['de'], warn);
    expect(withAppearance(options, null)).toBe(options);
    const odd = { ...APPEARANCE, title: null, strings: { de: { nope: 'x', title: '  ' } } } as unknown as PublicWidgetAppearance;
    expect(withAppearance(options, odd).strings.title).toBe(options.strings.title);
  });

  it('lets a project override every string the widget has, and only those', () => {
    expect([...WIDGET_STRING_KEYS].sort()).toEqual(Object.keys(EN).sort());
  });
});

describe('initials', () => {
  it.each([
    ['Ada Lovelace', 'AL'],
    ['bob', 'B'],
    ['  jean-luc  picard ', 'JP'],
    ['Élodie', 'É'],
    ['Support', 'S'],
    ['', ''],
  ])('%j → %j', (name, expected) => expect(initials(name)).toBe(expected));
});
