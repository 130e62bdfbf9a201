import { useState } from 'preact/hooks';

export interface Action {
  busy: boolean;
  error: string | null;
  success: string | null;
  /** Runs `work`; shows `success` (or what it answers) when it resolves, its message when it throws. */
  run(work: () => Promise<unknown>, success?: string): Promise<boolean>;
  /** Shows a client-side validation message (say what to do) without calling the server. */
  fail(message: string): void;
  clear(): void;
}

/** Busy, error and confirmation state of one button or form. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  return {
    busy,
    error,
    success,
    async run(work, message) {
      setBusy(true);
      setError(null);
      setSuccess(null);
      try {
        const answer = await work();
        setSuccess(typeof answer === 'string' ? answer : (message ?? null));
        return true;
      } catch (failure) {
        setError((failure as Error).message);
        return false;
      } finally {
        setBusy(false);
      }
    },
    fail(message) {
      setSuccess(null);
      setError(message);
    },
    clear() {
      setError(null);
      setSuccess(null);
    },
  };
}
