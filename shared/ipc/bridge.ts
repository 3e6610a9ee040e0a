// shared/ipc: what the sandboxed preload exposes on window.app (desktop mode only).
import type { CoreEvent } from './contract';
import type { Result } from './result';

export type AppBridge = {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  on(listener: (event: CoreEvent) => void): () => void;
  platform: string;
};
