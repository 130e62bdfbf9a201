/** Limits of one node's realtime sockets (docs/reference/configuration.md, Realtime). */
export interface RealtimeLimits {
  /** Open WebSockets per client IP (an IPv6 one by its /64), authenticated or not; past it the upgrade is answered 429. */
  readonly maxPerIp: number;
  /** WebSockets per client IP that have not authenticated yet; past it the upgrade is answered 429. */
  readonly maxUnauthenticatedPerIp: number;
  /** Sockets per visitor session, and per operator bearer; past it the socket is closed TOO_MANY_CONNECTIONS. */
  readonly maxPerSession: number;
  /** Bytes a socket may have waiting to be sent; past it the socket is closed SLOW_CONSUMER. */
  readonly maxBufferedBytes: number;
  /**
   * Frames of every socket of the node received and not yet handled; past it a frame is refused (RATE_LIMITED) once
   * the oldest in flight has waited `maxFrameWaitMs`, and in any case past 4 times it (frames-in-flight.ts).
   */
  readonly maxFramesInFlight: number;
  /** How long the oldest frame in flight may have waited for the node to take more than `maxFramesInFlight` (0: never). */
  readonly maxFrameWaitMs: number;
  /** Messages (`send` frames) per second of each visitor session and operator bearer, across its sockets; bursts of ten seconds' worth. */
  readonly messagesPerSecond: number;
}

/** One upgraded socket's share of its IP's allowance. Both calls may be repeated: only the first counts. */
export interface Admission {
  /** The socket authenticated: it stops counting as unauthenticated. */
  authenticated(): void;
  /** The socket is gone. */
  release(): void;
}

interface IpCounts {
  open: number;
  unauthenticated: number;
}

/** Counts this node's sockets per client IP and per owner (visitor session, operator bearer); keys leave the maps at zero. */
export class SocketLimits {
  private readonly byIp = new Map<string, IpCounts>();
  private readonly byOwner = new Map<string, number>();

  constructor(private readonly limits: RealtimeLimits) {}

  /** Admits an upgrade from `ip`, or null when that IP holds too many sockets, or too many not yet authenticated. */
  admit(ip: string): Admission | null {
    const counts = this.byIp.get(ip) ?? { open: 0, unauthenticated: 0 };
    if (counts.open >= this.limits.maxPerIp || counts.unauthenticated >= this.limits.maxUnauthenticatedPerIp) return null;
    counts.open++;
    counts.unauthenticated++;
    this.byIp.set(ip, counts);
    let unauthenticated = true;
    let open = true;
    const authenticated = () => {
      if (!unauthenticated) return;
      unauthenticated = false;
      counts.unauthenticated--;
    };
    return {
      authenticated,
      release: () => {
        if (!open) return;
        authenticated();
        open = false;
        counts.open--;
        if (counts.open === 0) this.byIp.delete(ip);
      },
    };
  }

  /** Takes one of the sockets `owner` may hold; false when it holds them all already. */
  claim(owner: string): boolean {
    const count = this.byOwner.get(owner) ?? 0;
    if (count >= this.limits.maxPerSession) return false;
    this.byOwner.set(owner, count + 1);
    return true;
  }

  unclaim(owner: string): void {
    const count = (this.byOwner.get(owner) ?? 1) - 1;
    if (count <= 0) this.byOwner.delete(owner);
    else this.byOwner.set(owner, count);
  }
}
