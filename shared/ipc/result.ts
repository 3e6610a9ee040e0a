// shared/ipc: the Result envelope every transport returns (Electron drops custom error fields over IPC).
export type ErrorCode =
  | 'unknown_method'
  | 'invalid_input'
  | 'invalid_output'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  /** replies.send: the client's guideline found an error and no override reason was given. */
  | 'guideline_blocked'
  /** The core is (re)starting or restarted while the call ran: retryable. */
  | 'unavailable'
  | 'internal';

export type RpcError = {
  code: ErrorCode;
  message: string;
  issues?: { path: string; message: string }[];
};
export type Result<T> = { ok: true; value: T } | { ok: false; error: RpcError };

/** Errors thrown by core code that should reach the caller with a specific code. */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The error a client-side transport throws when the envelope says ok:false. */
export class RpcCallError extends Error {
  readonly code: ErrorCode;
  readonly issues: RpcError['issues'];
  constructor(err: RpcError) {
    super(err.message);
    this.name = 'RpcCallError';
    this.code = err.code;
    this.issues = err.issues;
  }
}
