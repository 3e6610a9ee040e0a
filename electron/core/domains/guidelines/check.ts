// electron/core/domains/guidelines: the core's check of a reply against its client's guideline —
// the same pure linter the composer runs as the agent types (shared/guidelines), here the authority:
// replies.send refuses a reply with an error finding unless the agent overrides it with a reason.
// The reply's language and the member's are detected with the same detector as in the composer. Its
// model (≈1 MB, ~140 ms to load) loads on the first check, not when a core starts: the handlers that
// check await `languageDetector()` first.
import type * as Eld from 'eld/extrasmall';
import { blocksSend, lintReply, type Finding, type Guideline } from '../../../../shared/guidelines';
import { detectLanguageWith } from '../../../../shared/responses';
import { lazyModule } from '../../lazyModule';
import type { Repos } from '../repos';

const eldModule = lazyModule<typeof Eld>(() => import('eld/extrasmall'));

/** Loads the language model (once); the checks below need it loaded. */
export async function languageDetector(): Promise<void> {
  await eldModule.load();
}

/** Detected language ("en", "da", …) or undefined when undetermined. */
export function languageOf(texts: readonly string[] | string): string | undefined {
  const eld = eldModule.loaded()?.eld;
  if (!eld) throw new Error('the language model is not loaded: await languageDetector() first');
  const d = detectLanguageWith(eld, texts);
  return d.lang === 'und' ? undefined : d.lang;
}

/** The member's language in a conversation, from their messages (most recent first count). */
export function memberLanguageOf(repos: Repos, conversationId: number): string | undefined {
  const inbound = repos.messages
    .forConversation(conversationId, 50)
    .filter((m) => m.direction === 'inbound')
    .map((m) => m.bodyText);
  return languageOf(inbound);
}

export type ReplyCheck = { findings: Finding[]; blocks: boolean; language: string };

/** Lints a text with a guideline for a platform; the reply's language is detected unless given. */
export function checkText(
  guideline: Guideline | null,
  text: string,
  ctx: { platform?: string; language?: string; memberLanguage?: string },
): ReplyCheck {
  const language = ctx.language ?? languageOf(text);
  if (!guideline) return { findings: [], blocks: false, language: language ?? 'und' };
  const findings = lintReply(guideline, text, {
    platform: ctx.platform,
    language,
    memberLanguage: ctx.memberLanguage,
  });
  return { findings, blocks: blocksSend(findings), language: language ?? 'und' };
}

/** The check replies.send makes: the conversation's client guideline, its platform, both languages. */
export function checkReply(repos: Repos, conversationId: number, text: string): ReplyCheck {
  const conv = repos.conversations.get(conversationId);
  if (!conv) return { findings: [], blocks: false, language: 'und' };
  const g = repos.guidelines.get(conv.clientId);
  const platform = repos.sources.get(conv.sourceId)?.platform;
  return checkText(g?.guideline ?? null, text, {
    platform,
    memberLanguage: g ? memberLanguageOf(repos, conversationId) : undefined,
  });
}
