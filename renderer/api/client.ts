// renderer/api: the typed client. One async function per contract method; errors throw RpcCallError.
import type { CoreApi, Input, Method, Output } from '../../shared/ipc/contract';
import { RpcCallError } from '../../shared/ipc/result';
import type { Transport } from './transport';

export type ApiClient = CoreApi & {
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
};

export function createApiClient(t: Transport): ApiClient {
  const call = async <M extends Method>(method: M, input: Input<M>): Promise<Output<M>> => {
    const r = await t.invoke(method, input);
    if (!r.ok) throw new RpcCallError(r.error);
    return r.value as Output<M>;
  };
  return new Proxy({ call } as ApiClient, {
    get(target, prop) {
      if (prop === 'call') return call;
      if (typeof prop !== 'string') return undefined;
      return (input: unknown) => call(prop as Method, (input ?? {}) as never);
    },
  });
}
