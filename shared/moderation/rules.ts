// shared/moderation: the rules of a moderation action's input, as plain data (no zod), so the
// renderer's form and the contract's validation use the same lists without bundling schemas.
export type ModerationKindName =
  | 'approve'
  | 'remove'
  | 'restore'
  | 'lock'
  | 'unlock'
  | 'ban'
  | 'unban'
  | 'timeout'
  | 'silence'
  | 'suspend'
  | 'delete';

/** Actions that must say why (the reason goes to the platform's mod note / audit log). */
export const REASON_REQUIRED: ReadonlySet<ModerationKindName> = new Set([
  'remove',
  'ban',
  'delete',
  'suspend',
  'silence',
]);
/** Actions that take a duration in minutes (a ban without one is permanent where the platform allows). */
export const TAKES_DURATION: ReadonlySet<ModerationKindName> = new Set([
  'ban',
  'timeout',
  'silence',
  'suspend',
]);
/** Actions that need a duration. */
export const NEEDS_DURATION: ReadonlySet<ModerationKindName> = new Set([
  'timeout',
  'silence',
  'suspend',
]);
