// renderer/api: the core's restarts as the renderer saw them. The host pushes `app.reconnected`
// after it restarted a core that died; applyEvent records it here and the shell shows a banner
// (renderer/app/CoreReconnected.tsx) until the agent dismisses it or it times out.
type Listener = () => void;

let reconnectedAt: number | null = null;
const listeners = new Set<Listener>();
const notify = () => listeners.forEach((l) => l());

export const coreStatus = {
  /** When the last reconnect happened (ms since epoch), or null when there is nothing to show. */
  get: (): number | null => reconnectedAt,
  reconnected(at: number = Date.now()) {
    reconnectedAt = at;
    notify();
  },
  dismiss() {
    reconnectedAt = null;
    notify();
  },
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
};
