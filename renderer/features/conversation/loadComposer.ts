// renderer/features/conversation: loads the composer's chunk once. The conversation pane renders it
// lazily; the app calls preloadComposer() when the first queue page is painted, so by the time an agent
// opens a conversation the chunk is usually there and the composer appears with the thread.
import type * as ComposerModule from './Composer';

let pending: Promise<typeof ComposerModule> | null = null;

export function loadComposer(): Promise<typeof ComposerModule> {
  pending ??= import('./Composer').catch((e: unknown) => {
    pending = null; // a failed fetch (e.g. the host restarting) is retried on the next open
    throw e;
  });
  return pending;
}

/** Fetch the composer's chunk while the browser is idle after the first paint. */
export function preloadComposer(): void {
  const start = (): void => void loadComposer().catch(() => undefined);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 2000 });
  else setTimeout(start, 0);
}
