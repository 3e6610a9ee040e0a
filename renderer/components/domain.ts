// renderer/components: the domain's enumerations as plain arrays. The renderer imports shared/
// types only, so zod (the contract's runtime validation) stays out of the bundle; the compiler
// checks these lists are complete, and a test checks them against the schemas.
import type { ConversationStatus, Priority } from '../../shared/domain/entities';
import type { SlaMetric } from '../../shared/domain/sla';
import type { FeedbackKind } from '../../shared/domain/tags';

/** Compiles only when `L` lists every member of `T`. */
type Complete<T, L extends readonly T[]> = [Exclude<T, L[number]>] extends [never]
  ? L
  : { missing: Exclude<T, L[number]> };
const complete =
  <T>() =>
  <const L extends readonly T[]>(list: L & Complete<T, L>): L =>
    list;

export const STATUSES = complete<ConversationStatus>()(['new', 'open', 'pending', 'solved']);
export const PRIORITIES = complete<Priority>()(['low', 'normal', 'high', 'urgent']);
export const SLA_METRICS = complete<SlaMetric>()([
  'first_reply',
  'next_reply',
  'periodic_update',
  'resolution',
  'time_to_action',
]);

/** The built-in feedback kinds, in picker order (keys 1–5). */
export const FEEDBACK_KINDS = complete<FeedbackKind>()([
  'bug',
  'feature_request',
  'praise',
  'complaint',
  'question',
]);

/** A connector-provided text (platform name, field label) in the UI language, English as fallback. */
export function localized(
  text: { en: string; da: string; ru: string } | undefined,
  lang: string | undefined,
): string {
  if (!text) return '';
  const l = (lang ?? 'en').slice(0, 2);
  return l === 'da' || l === 'ru' ? text[l] || text.en : text.en;
}
