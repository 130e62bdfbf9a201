import type { Attempt } from './activation.js';
import { isSecured } from './options.js';
import type { SessionStore } from './session.js';
import type { VisitorApi } from './visitor-api.js';

const TRANSFER_IGNORED = '[parley] idzconvid is not a valid transfer token (used, expired or not for this site): ignored';
const TRANSFER_KEPT_OWN = '[parley] idzconvid ignored: this browser already has its own visitor session on this site';

/**
 * One activation attempt against the server, continuing the stored session. `transferToken` (the `idzconvid` of a
 * cross-domain transfer, spec §6.7) is redeemed by the next anonymous attempt; sent once.
 */
export function createAttempt(
  api: VisitorApi,
  sessions: SessionStore,
  transferToken: string | null,
  warn: (message: string) => void,
): Attempt {
  let pendingTransfer = transferToken;
  return async (option) => {
    const stored = sessions.read();
    if (isSecured(option)) return api.fromCredentials(option.token, stored);
    // A browser with its own visitor never swaps it for a link's: a planted idzconvid cannot take over a visitor.
    if (pendingTransfer !== null && stored !== null) {
      pendingTransfer = null;
      warn(TRANSFER_KEPT_OWN);
    }
    const transfer = pendingTransfer;
    const result = await api.anonymously(stored, transfer);
    if (transfer !== null && result.ok) {
      pendingTransfer = null;
      if (!result.data.transferRedeemed) warn(TRANSFER_IGNORED);
    }
    return result;
  };
}
