// shared/ipc: the two IPC channel names (kept apart from the contract so the sandboxed preload
// bundles nothing but these strings).
export const CHANNELS = { invoke: 'app:invoke', event: 'app:event' } as const;
