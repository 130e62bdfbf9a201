const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const precise = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A server time (ISO 8601, UTC) in the reader's time zone; `fallback` for null. */
export function formatTime(iso: string | null | undefined, fallback = 'never', seconds = false): string {
  if (!iso) return fallback;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : (seconds ? precise : dateTime).format(date);
}

/** 420 → "420 s (7 min)"; 3600 → "3600 s (1 h)". */
export function formatSeconds(seconds: number): string {
  if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds} s (${seconds / 3600} h)`;
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds} s (${seconds / 60} min)`;
  return `${seconds} s`;
}
