// electron/core/domains/sources: a source's named secrets (API keys, tokens, passwords) in the
// encrypted SecretStore. All of a source's secrets are one encrypted JSON object under the source's
// reference (`source-secrets:<uuid>`), so a connector can persist a rotated token it never declared
// as a form field (an OAuth access token) and a source is removed with one delete. Sources created
// before named secrets keep one raw key under `source-key:<uuid>` (and the demo workspace's sources
// under its own `demo-key:<site>`): it is read as the connector's first declared secret. Values never leave the Node side.
import { randomUUID } from 'node:crypto';
import type { SecretStore } from '../../ports';

export const newSecretsRef = (): string => `${NAMED}${randomUUID()}`;

const NAMED = 'source-secrets:';
/** A single raw key: `source-key:` (sources before named secrets) or a host's own ref (the demo's `demo-key:`). */
const isLegacy = (ref: string) => !ref.startsWith(NAMED);
/** Only a source's own legacy key is deleted when it migrates; a host's ref (the demo's) stays its host's. */
const ownedLegacy = (ref: string) => ref.startsWith('source-key:');

/** Reads every secret of a source. `firstDeclared` names a legacy single key. */
export function readSourceSecrets(
  store: SecretStore,
  ref: string | null,
  firstDeclared: string | null,
): Record<string, string> {
  if (!ref) return {};
  const raw = store.get(ref);
  if (raw == null) return {};
  if (isLegacy(ref)) return firstDeclared ? { [firstDeclared]: raw } : {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>))
      if (typeof v === 'string') out[k] = v;
    return out;
  } catch {
    return {};
  }
}

/**
 * Merges `patch` into a source's secrets and writes them (a null value deletes that secret).
 * Returns the reference to store on the source (a legacy ref is migrated to the named form).
 */
export function writeSourceSecrets(
  store: SecretStore,
  ref: string | null,
  firstDeclared: string | null,
  patch: Record<string, string | null>,
): string {
  const current = readSourceSecrets(store, ref, firstDeclared);
  for (const [k, v] of Object.entries(patch)) {
    if (v == null) delete current[k];
    else current[k] = v;
  }
  const target = ref && !isLegacy(ref) ? ref : newSecretsRef();
  store.set(target, JSON.stringify(current));
  if (ref && ownedLegacy(ref)) store.delete(ref);
  return target;
}
