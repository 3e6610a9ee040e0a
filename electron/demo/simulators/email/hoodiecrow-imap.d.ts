// electron/demo/simulators/email: type declarations for the parts of hoodiecrow-imap (an untyped
// CommonJS package) that the demo's mail simulator uses: the server factory, its storage and mailboxes,
// its command and plugin modules.
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
    /** Plugin names (loaded dynamically) or plugin functions. */
    plugins?: Array<string | ((server: HoodiecrowServer) => void)>;
    users?: Record<string, { password: string; xoauth2?: unknown }>;
    storage?: Record<string, unknown>;
    /** TLS key and certificate (STARTTLS / secureConnection); read from the package's test files when absent. */
    credentials?: { key?: string | Buffer; cert?: string | Buffer };
  };
  export type HoodiecrowServer = {
    server: Server;
    getMailbox(path: string): HoodiecrowMailbox;
    setCommandHandler(command: string, handler: unknown): void;
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

// Its command modules (one handler each) and plugins (a function of the server).
declare module 'hoodiecrow-imap/lib/commands/*' {
  const handler: unknown;
  export default handler;
}
declare module 'hoodiecrow-imap/lib/plugins/*' {
  import type { HoodiecrowServer } from 'hoodiecrow-imap';
  const plugin: (server: HoodiecrowServer) => void;
  export default plugin;
}
