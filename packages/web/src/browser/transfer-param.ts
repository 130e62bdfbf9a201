export const TRANSFER_PARAM = 'idzconvid';

/**
 * Takes a cross-domain transfer token off the address bar (spec §6.7): it is read once and removed from the URL
 * (history.replaceState, no reload), so it is neither bookmarked, shared nor sent again as a Referer.
 */
export function takeTransferToken(window: Window): string | null {
  const url = new URL(window.location.href);
  const token = url.searchParams.get(TRANSFER_PARAM);
  if (token === null) return null;
  url.searchParams.delete(TRANSFER_PARAM);
  try {
    window.history.replaceState(window.history.state, '', url.toString());
  } catch {
    // A sandboxed document may refuse it; the token is single use anyway.
  }
  return token.length > 0 ? token : null;
}
