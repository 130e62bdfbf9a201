/** A node whose shutdown began: until when it may take to finish what it holds. */
export interface Leaving {
  /** `Date.now()` past which every connection left is cut. */
  readonly deadline: number;
}

/**
 * Which nodes are leaving, by their services (app.ts mounts /readyz and /realtime with the same object): /readyz
 * answers 503 from the first moment of a shutdown, so that the load balancer stops sending the node new traffic
 * while it still serves, and the realtime gateway bounds its sockets' last frames by the deadline.
 */
const leaving = new WeakMap<object, Leaving>();

export function markLeaving(services: object, deadline: number): void {
  if (!leaving.has(services)) leaving.set(services, { deadline });
}

/** Null while the node serves as usual. */
export function leavingOf(services: object): Leaving | null {
  return leaving.get(services) ?? null;
}
