// shared/ipc: the one validation path. Every transport calls dispatch(method, input).
import { contract, isMethod, type CallContext, type CoreHandlers, type Method } from './contract';
import { AppError, type Result } from './result';

/**
 * Who makes a call. Hosts pass what they know (a team server: the session's agent); the core fills
 * in the rest (the desktop's current agent). Handlers of commands record `agentId` in the audit log.
 */
export type CallMeta = { agentId?: number | null };
export type Dispatch = (
  method: unknown,
  input: unknown,
  meta?: CallMeta,
) => Promise<Result<unknown>>;

export type DispatcherOptions = {
  /** Validate outputs too (on in tests and development: catches core bugs at the boundary). */
  validateOutput?: boolean;
  /** Called with unexpected errors (never with the input, which may hold secrets). */
  onInternalError?: (method: string, err: unknown) => void;
};

/** Builds the dispatcher: rejects unknown methods and invalid input, wraps results in an envelope. */
export function createDispatcher(
  handlers: CoreHandlers,
  opts: DispatcherOptions & { context?: (meta: CallMeta) => CallContext } = {},
): Dispatch {
  const context = opts.context ?? ((m: CallMeta) => ({ agentId: m.agentId ?? null }));
  return async (method, input, meta = {}) => {
    if (!isMethod(method)) {
      return {
        ok: false,
        error: {
          code: 'unknown_method',
          message: `Unknown method: ${String(method).slice(0, 100)}`,
        },
      };
    }
    const spec = contract[method];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({
        path: i.path.join('.'),
        message: i.message,
      }));
      return {
        ok: false,
        error: {
          code: 'invalid_input',
          message: `Invalid input for ${method}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
          issues,
        },
      };
    }
    try {
      const handler = handlers[method] as (i: unknown, c: CallContext) => unknown;
      const value = await handler(parsed.data, context(meta));
      if (opts.validateOutput) {
        const out = spec.output.safeParse(value);
        if (!out.success) {
          return {
            ok: false,
            error: {
              code: 'invalid_output',
              message: `Core returned invalid output for ${method}: ${out.error.message}`,
            },
          };
        }
      }
      return { ok: true, value };
    } catch (err) {
      if (err instanceof AppError)
        return { ok: false, error: { code: err.code, message: err.message } };
      opts.onInternalError?.(method, err);
      return { ok: false, error: { code: 'internal', message: `Internal error in ${method}` } };
    }
  };
}

export type { Method };
