import { useEffect, useState } from 'preact/hooks';

async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Without clipboard permission: the old way, through a selected, off-screen text area.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    if (!copied) throw new Error('copy refused');
  }
}

/** Copies `text`; says "Copied" (or what to do instead) in a live region. */
export function CopyButton({ text, label = 'Copy', what }: { text: string; label?: string; what: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <span class="copy">
      <button
        type="button"
        class="small"
        aria-label={`${label} ${what}`}
        onClick={() =>
          copyText(text).then(
            () => setState('copied'),
            () => setState('failed'),
          )
        }
      >
        {state === 'copied' ? 'Copied ✓' : label}
      </button>
      <span class="sr-only" aria-live="polite">
        {state === 'copied' ? `${what} copied` : ''}
      </span>
      {state === 'failed' && <span class="hint">The browser refused to copy: select the text and press Ctrl+C (⌘C).</span>}
    </span>
  );
}
