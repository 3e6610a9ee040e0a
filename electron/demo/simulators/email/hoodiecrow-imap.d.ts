// electron/demo/simulators/email: type declarations for the parts of hoodiecrow-imap (an untyped
// CommonJS package) that the demo's mail simulator uses: the server factory, its storage and mailboxes.
declare module 'hoodiecrow-imap' {
  import type { Server } from 'node:net';

  export type HoodiecrowMessage = {
    uid?: number;
    flags?: string[];
    internaldate?: string | Date;
    raw: string;
  };
  export type HoodiecrowMailbox = {
    uidvalidity?: number;
    uidnext?: number;
    messages: HoodiecrowMessage[];
    [key: string]: unknown;
  };
  export type HoodiecrowOptions = {
    plugins?: string[];
    users?: Record<string, { password: string; xoauth2?: unknown }>;
    storage?: Record<string, unknown>;
  };
  export type HoodiecrowServer = {
    server: Server;
    getMailbox(path: string): HoodiecrowMailbox;
    appendMessage(
      mailbox: string | HoodiecrowMailbox,
      flags: string[],
      internaldate: string | Date | false,
      raw: string,
      ignoreConnection?: unknown,
    ): { mailbox: HoodiecrowMailbox; message: HoodiecrowMessage };
  };
  export default function hoodiecrow(options?: HoodiecrowOptions): HoodiecrowServer;
}
