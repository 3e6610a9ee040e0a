// tests/e2e: starts Steward's browser mode (the built dist/server) on a temp data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export class StewardServer {
  private child: ChildProcess | null = null;
  url = '';
  token = '';
  /**
   * `args` go to the server; unless they contain `--first-start`, the server starts with a current
   * agent already chosen (`--agent`), as a returning user's desktop does.
   */
  constructor(
    readonly dataDir: string,
    private readonly args: string[] = [],
  ) {}

  static tempDir(): string {
    return mkdtempSync(join(tmpdir(), 'steward-e2e-'));
  }

  private serverArgs(): string[] {
    if (this.args.includes('--first-start')) return this.args.filter((a) => a !== '--first-start');
    return ['--agent', 'E2E Agent <e2e@example.test>', ...this.args];
  }

  async start(): Promise<this> {
    const child = spawn(
      process.execPath,
      [
        join(root, 'dist/server/index.mjs'),
        '--data',
        this.dataDir,
        '--port',
        '0',
        ...this.serverArgs(),
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    let log = '';
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`server did not start:\n${log}`)), 30_000);
      const onData = (b: Buffer) => {
        log += b.toString();
        const m = log.match(/Open: (http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]+)/);
        if (m) {
          clearTimeout(timer);
          this.url = m[1]!;
          this.token = m[2]!;
          ok();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (b: Buffer) => (log += b.toString()));
      child.on('exit', (code) => fail(new Error(`server exited ${code}:\n${log}`)));
    });
    return this;
  }

  get openUrl(): string {
    return `${this.url}/?token=${this.token}`;
  }

  /** Calls the contract over HTTP, as the renderer does. */
  /** The raw Result envelope of a contract call. */
  async rpcRaw(
    method: string,
    input: unknown = {},
  ): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
    const res = await fetch(`${this.url}/rpc/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Steward-Token': this.token },
      body: JSON.stringify(input),
    });
    return (await res.json()) as {
      ok: boolean;
      value?: unknown;
      error?: { code: string; message: string };
    };
  }

  async rpc<T = unknown>(method: string, input: unknown = {}): Promise<T> {
    const body = await this.rpcRaw(method, input);
    if (!body.ok) throw new Error(body.error?.message ?? 'rpc failed');
    return body.value as T;
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((ok) => {
      c.once('exit', () => ok());
      c.kill('SIGTERM');
      setTimeout(() => c.kill('SIGKILL'), 5000).unref();
    });
    this.child = null;
  }

  cleanup(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
