// build/harness: the harness parts' calls through the core's one contract — a call that throws on an
// error answer, named after the part — and the source they sync: a client with one platform source,
// added as Settings adds it (sources.test first where the part checks what a test answers).
import type { Result } from '../../shared/ipc/result';

export type Call = <T>(method: string, input: unknown) => Promise<T>;

/**
 * `dispatch` as a call that returns the answer's value and throws `<part> harness: …` on an error.
 * Parts that restart their core pass `(m, i) => core.dispatch(m, i)`, so each call reaches the core
 * running then.
 */
export function contractCall(
  dispatch: (method: string, input: unknown) => Promise<Result<unknown>>,
  part: string,
): Call {
  return async <T>(method: string, input: unknown): Promise<T> => {
    const r = await dispatch(method, input);
    if (!r.ok) throw new Error(`${part} harness: ${method}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
}

/** A new client named `clientName` with the platform's source; `testFirst`: sources.test before adding. */
export async function addPlatformSource(
  call: Call,
  target: { platform: string; source: Record<string, unknown> },
  clientName: string,
  opts: { testFirst?: boolean } = {},
): Promise<{ clientId: number; sourceId: number }> {
  const client = await call<{ id: number }>('clients.create', { name: clientName });
  const input = {
    clientId: client.id,
    platform: target.platform,
    name: target.platform,
    ...target.source,
  };
  if (opts.testFirst) await call('sources.test', input);
  const source = await call<{ id: number }>('sources.add', input);
  return { clientId: client.id, sourceId: source.id };
}
