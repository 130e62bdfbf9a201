import { WIDGET_LANGUAGES, WIDGET_STRING_KEYS, type WidgetLanguageCode, type WidgetStringKey } from '@parley/protocol';
import { useState } from 'preact/hooks';
import { TABLES } from '../../../widget/i18n/resolve-strings.js';
import type { WidgetDraft } from './widget-draft.js';

type Override = WidgetDraft['strings'][number];

const LANGUAGE_NAMES: Record<WidgetLanguageCode, string> = { en: 'English', fr: 'French', de: 'German', es: 'Spanish' };

/** Overrides of the widget's own words, per language: a list, and a row to add one (it shows the default it replaces). */
export function StringOverrides({ overrides, onChange }: { overrides: Override[]; onChange(overrides: Override[]): void }) {
  const [language, setLanguage] = useState<WidgetLanguageCode>('en');
  const [key, setKey] = useState<WidgetStringKey>('placeholder');
  const [text, setText] = useState('');
  const taken = overrides.some((override) => override.language === language && override.key === key);

  const add = () => {
    if (text.trim() === '' || taken) return;
    onChange([...overrides, { language, key, text: text.trim() }]);
    setText('');
  };

  return (
    <fieldset class="string-overrides">
      <legend>Widget words</legend>
      <p class="hint">Replace any of the widget's words in one language. The page's own config.strings still win.</p>
      {overrides.length > 0 && (
        <ul class="override-list">
          {overrides.map((override) => (
            <li key={`${override.language}.${override.key}`}>
              <span class="pill plain">{override.language}</span> <code class="mono">{override.key}</code> → {override.text}
              <button
                type="button"
                class="small"
                aria-label={`Remove the ${LANGUAGE_NAMES[override.language]} ${override.key}`}
                onClick={() => onChange(overrides.filter((other) => other !== override))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="row override-add">
        <select aria-label="Language" value={language} onChange={(event) => setLanguage(event.currentTarget.value as WidgetLanguageCode)}>
          {WIDGET_LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {LANGUAGE_NAMES[code]}
            </option>
          ))}
        </select>
        <select aria-label="Widget string" value={key} onChange={(event) => setKey(event.currentTarget.value as WidgetStringKey)}>
          {WIDGET_STRING_KEYS.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <input
          aria-label="Replacement text"
          placeholder={TABLES[language][key]}
          value={text}
          maxLength={300}
          onInput={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
        />
        <button type="button" disabled={text.trim() === '' || taken} onClick={add}>
          Add
        </button>
      </div>
      {taken && <p class="hint">This word is already replaced in {LANGUAGE_NAMES[language]}: remove it first.</p>}
    </fieldset>
  );
}
