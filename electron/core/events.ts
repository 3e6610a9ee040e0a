// electron/core/services: the core's event bus (core -> renderer events from shared/ipc/contract).
import type { CoreEvent, EventName, EventPayload } from '../../shared/ipc/contract';

export type EventBus = {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  on(cb: (e: CoreEvent) => void): () => void;
};

export function createEventBus(): EventBus {
  const listeners = new Set<(e: CoreEvent) => void>();
  return {
    emit(name, payload) {
      const evt = { name, payload } as CoreEvent;
      for (const l of [...listeners]) {
        try {
          l(evt);
        } catch {
          // A failing listener (a closed window, a dropped SSE client) must not break the core.
        }
      }
    },
    on(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
}
