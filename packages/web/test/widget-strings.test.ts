import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EN } from '../src/widget/i18n/en.js';
import { chooseLanguage, fill, resolveStrings, TABLES, validOverrides } from '../src/widget/i18n/resolve-strings.js';
import { localSystemLine } from '../src/widget/i18n/system-lines.js';
import type { WidgetStrings } from '../src/widget/i18n/widget-strings.js';
import { widgetOptions } from '../src/widget/widget-options.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

/** Strings a translation may share with English (the same word in that language). */
const SAME_AS_ENGLISH: Record<string, (keyof WidgetStrings)[]> = {
  fr: ['dialogLabel', 'conversationLabel'],
  de: ['dialogLabel'],
  es: ['dialogLabel'],
};

describe('the string tables', () => {
  it.each(Object.entries(TABLES))('%s: every key of the English table, none blank, the same placeholders', (_, table) => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(EN).sort());
    for (const [key, text] of Object.entries(table)) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(text), key).toEqual(placeholders(EN[key as keyof WidgetStrings]));
    }
  });

  it.each(Object.entries(SAME_AS_ENGLISH))('%s is translated: only the listed strings read as in English', (language, allowed) => {
    const table = TABLES[language as keyof typeof TABLES];
    const same = (Object.keys(EN) as (keyof WidgetStrings)[]).filter((key) => table[key] === EN[key]);
    expect(same).toEqual(allowed);
  });
});

describe('chooseLanguage', () => {
  it.each([
    [['fr-FR'], 'fr', 'fr-FR'],
    [['fr-CA', 'en-US'], 'fr', 'fr-CA'],
    [['de'], 'de', 'de'],
    [['es-MX'], 'es', 'es-MX'],
    [['EN-gb'], 'en', 'EN-gb'],
    [['pt_BR'], 'en', null],
    [['it-IT', 'de-CH', 'fr'], 'de', 'de-CH'],
    [['frr', 'es_ES'], 'es', 'es-ES'],
    [[], 'en', null],
    [[''], 'en', null],
  ] as const)('%j → %s (%s)', (locales, language, locale) => {
    expect(chooseLanguage(locales)).toEqual({ language, locale });
  });
});

describe('resolveStrings', () => {
  it('gives the first language the widget speaks, English otherwise', () => {
    expect(resolveStrings(['fr-CA'])).toEqual(TABLES.fr);
    expect(resolveStrings(['ja', 'es'])).toEqual(TABLES.es);
    expect(resolveStrings(['ja'])).toEqual(EN);
    expect(resolveStrings([]).title).toBe('Chat with us');
    expect(resolveStrings(['fr']).title).toBe('Discutez avec nous');
    expect(resolveStrings(['de-AT']).subtitle).toBe('Wir helfen Ihnen gerne weiter');
  });

  it('lays the overrides over the table, whatever the language', () => {
    const strings = resolveStrings(['fr'], { title: 'Acme Outdoor', send: 'Go' });
    expect(strings).toEqual({ ...TABLES.fr, title: 'Acme Outdoor', send: 'Go' });
  });

  it('leaves out what is not a widget string: unknown keys, non-strings, blanks, non-objects', () => {
    const overrides = { titel: 'typo', title: 42, subtitle: '  ', placeholder: 'Ask away', toString: 'x' };
    expect(validOverrides(overrides)).toEqual({ placeholder: 'Ask away' });
    expect(resolveStrings(['en'], overrides)).toEqual({ ...EN, placeholder: 'Ask away' });
    for (const junk of [null, 'title', 7, undefined, ['a']]) expect(resolveStrings(['en'], junk)).toEqual(EN);
  });

  it('is pure: the tables are not changed by an override', () => {
    resolveStrings(['en'], { title: 'Changed' });
    expect(EN.title).toBe('Chat with us');
  });
});

describe('fill', () => {
  it('fills known placeholders and leaves others as written', () => {
    expect(fill('Open chat, {count} unread messages', { count: 3 })).toBe('Open chat, 3 unread messages');
    expect(fill('{a} and {b}', { a: 'x' })).toBe('x and {b}');
    expect(fill('{count}', { count: '$&' })).toBe('$&');
  });
});

describe('the options the widget reads from the page config', () => {
  const read = (config: Record<string, unknown>, browser: string[] = ['en-US']) => {
    const warnings: string[] = [];
    return { ...widgetOptions(config, browser, (line) => warnings.push(line)), warnings };
  };

  it('follows the browser without a locale, and the locale before the browser', () => {
    expect(read({}, ['fr-FR', 'en']).strings).toEqual(TABLES.fr);
    expect(read({}, ['fr-FR']).lang).toBe('fr-FR');
    expect(read({ locale: 'de' }, ['fr-FR']).strings).toEqual(TABLES.de);
    expect(read({ locale: 'it' }, ['es-ES']).strings).toEqual(TABLES.es);
    expect(read({ lang: 'es' }, ['en']).strings).toEqual(TABLES.es);
    expect(read({ locale: 'ja' }, ['ja-JP'])).toMatchObject({ lang: 'en', locale: undefined, strings: EN, warnings: [] });
  });

  it('shows the unavailable notice unless showUnavailable is false', () => {
    expect(read({}).showUnavailable).toBe(true);
    expect(read({ showUnavailable: false }).showUnavailable).toBe(false);
  });

  it('names what it ignores in one warning', () => {
    expect(read({ locale: 7 }).warnings).toEqual([expect.stringContaining('ignored config.locale')]);
    const { strings, warnings } = read({ strings: { titel: 'x', title: 'Acme' } });
    expect(strings.title).toBe('Acme');
    expect(warnings).toEqual([expect.stringMatching(/ignored config\.strings: titel /)]);
    expect(read({ strings: 'Acme' }).warnings).toEqual(['[parley] ignored config.strings is not an object']);
    expect(read({ strings: { title: 'Acme' } }).warnings).toEqual([]);
  });
});

describe("the server's system lines in the visitor's language", () => {
  it('names the userId apart, with the padlock, in French', () => {
    expect(localSystemLine('Visitor signed in as user-7 🔒', TABLES.fr)).toEqual({
      before: 'Visiteur connecté en tant que ',
      userId: 'user-7',
      after: ' 🔒',
    });
    expect(localSystemLine('Visitor signed in as a\u202Eb 🔒 — continued in conversation c_1', TABLES.de)).toEqual({
      before: 'Besucher angemeldet als ',
      userId: 'a\u202Eb',
      after: ' 🔒 – fortgesetzt in Unterhaltung c_1',
    });
    expect(localSystemLine('Visitor signed out', TABLES.es)).toEqual({ text: 'El visitante ha cerrado sesión' });
  });

  it('keeps English as the server wrote it, and any line it does not know', () => {
    expect(localSystemLine('Visitor signed in as x 🔒 — continued in conversation c_2', EN)).toEqual({
      before: 'Visitor signed in as ',
      userId: 'x',
      after: ' 🔒 — continued in conversation c_2',
    });
    expect(localSystemLine('Something new happened', TABLES.fr)).toEqual({ text: 'Something new happened' });
  });

  it('an override without {userId} names no one', () => {
    expect(localSystemLine('Visitor signed in as x 🔒', { ...EN, signedIn: 'Signed in' })).toEqual({ text: 'Signed in 🔒' });
  });
});

describe('the SDK reference', () => {
  it("lists every widget string with its English text, in the table's order", () => {
    const doc = readFileSync(new URL('../../../docs/reference/sdk.md', import.meta.url), 'utf8');
    const table = doc.split('<!-- widget strings:')[1]?.split('\n\n')[1] ?? '';
    const rows = table
      .split('\n')
      .slice(2)
      .map((row) => /^\| `(\w+)` \| `(.*)` \|/.exec(row)?.slice(1, 3));
    expect(rows).toEqual(Object.entries(EN));
  });
});
