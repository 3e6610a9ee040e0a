// electron/core: a library loaded on first use. The writer and every reader core start by loading
// their module graph; the platform libraries (Discord, Slack, IMAP/SMTP, MIME, PDF) are only needed
// once a source of that platform syncs or a report is drawn, so they load then, not at start (the
// cold-start figure: module compilation was most of a core's start-up time).
export type LazyModule<T> = {
  /** The module, loaded once (a failed load is tried again on the next call). */
  load(): Promise<T>;
  /** The module if it has been loaded, else undefined (e.g. for `instanceof` on its errors). */
  loaded(): T | undefined;
};

export function lazyModule<T>(importer: () => Promise<T>): LazyModule<T> {
  let mod: T | undefined;
  let pending: Promise<T> | undefined;
  return {
    load() {
      if (mod !== undefined) return Promise.resolve(mod);
      pending ??= importer().then(
        (m) => (mod = m),
        (e: unknown) => {
          pending = undefined;
          throw e;
        },
      );
      return pending;
    },
    loaded: () => mod,
  };
}
