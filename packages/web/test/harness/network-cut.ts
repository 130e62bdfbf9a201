import type { BrowserContext, Page } from 'playwright-core';

/**
 * The realtime channel of a page or browser context behind a switch, as a network loss would do: `cut()` drops the
 * open sockets (1001) and refuses new ones until `restore()`. Install it before the page loads.
 */
export async function cuttableRealtime(target: Page | BrowserContext) {
  let down = false;
  const sockets: { close(options?: { code?: number; reason?: string }): Promise<void> }[] = [];
  await target.routeWebSocket(/\/realtime$/, (socket) => {
    if (down) return void socket.close({ code: 1001, reason: 'GOING_AWAY' });
    socket.connectToServer();
    sockets.push(socket);
  });
  return {
    async cut() {
      down = true;
      for (const socket of sockets.splice(0)) await socket.close({ code: 1001, reason: 'GOING_AWAY' });
    },
    restore() {
      down = false;
    },
  };
}
