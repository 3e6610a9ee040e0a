// renderer/i18n: core messages in the agent's language. Decision: the core speaks stable codes
// (RpcError.code, SourceHealth.status, notify.kind + metric, finding severities) and the renderer
// translates them (errors.*, health.*, sla.notify*, voice.severity.*); the core's own English text
// follows only as detail, where it carries facts (a field name, a platform's refusal in its own words)
// that no translation table can know. Guideline messages are the client's own words, as written.
import type { TFunction } from 'i18next';

/** "Not found — Conversation 7 not found": the code translated, the core's text as detail. */
export function coreErrorText(t: TFunction, e: unknown): string {
  const code =
    typeof e === 'object' && e !== null && 'code' in e
      ? String((e as { code: unknown }).code)
      : 'internal';
  const message = e instanceof Error ? e.message : String(e);
  const label = t(`errors.${code}`, { defaultValue: '' });
  if (!label) return message;
  return message && message !== label ? `${label} — ${message}` : label;
}
