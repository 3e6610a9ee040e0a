// renderer/features/conversation/voice: the pure parts of composing with canned responses — where a
// `#query` is being typed, the placeholder values a conversation provides, inserting a response
// (variant for the member's language and the source's platform, template rendered with those values
// and the prompted inputs), and finding unfilled holes left in the text (they block Send).
import type { ResponseRecord } from '../../../../shared/ipc/contract';
import {
  compileTemplate,
  firstNameOf,
  pickVariant,
  renderTemplate,
  type CompiledTemplate,
  type Rendered,
} from '../../../../shared/responses';

/** The `#query` the caret is in: `#` at the start or after whitespace, then shortcut characters. */
export function pickerQueryAt(
  text: string,
  caret: number,
): { start: number; query: string } | null {
  let i = caret;
  while (i > 0 && caret - i <= 40 && /[\p{L}\p{N}_-]/u.test(text[i - 1]!)) i--;
  if (i === 0 || text[i - 1] !== '#') return null;
  const hash = i - 1;
  if (hash > 0 && !/\s/.test(text[hash - 1]!)) return null;
  return { start: hash, query: text.slice(i, caret) };
}

export type ConversationFacts = {
  memberName?: string | null;
  agentName?: string | null;
  clientName?: string | null;
  conversationUrl?: string | null;
  /** ISO instant of the first-reply deadline, formatted in the reply's locale and the client's zone. */
  firstReplyDue?: string | null;
  clientTimezone?: string;
};

/** Placeholder values for a reply in `locale` (dates formatted for that locale). */
export function placeholderValues(
  f: ConversationFacts,
  locale: string,
): Record<string, string | undefined> {
  let due: string | undefined;
  if (f.firstReplyDue) {
    try {
      due = new Intl.DateTimeFormat(locale, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: f.clientTimezone,
      }).format(new Date(f.firstReplyDue));
    } catch {
      due = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(f.firstReplyDue),
      );
    }
  }
  return {
    'member.name': f.memberName ?? undefined,
    'member.first_name': firstNameOf(f.memberName),
    'agent.name': f.agentName ?? undefined,
    'agent.first_name': firstNameOf(f.agentName),
    'client.name': f.clientName ?? undefined,
    'conversation.url': f.conversationUrl ?? undefined,
    'sla.first_reply_due': due,
  };
}

export type Insertion = {
  responseId: string;
  template: CompiledTemplate;
  values: Record<string, string | undefined>;
  rendered: Rendered;
  locale: string;
  fellBack: boolean;
};

/** The text to insert for a response: the variant for the member's language and platform, rendered. */
export function prepareInsertion(
  r: Pick<ResponseRecord, 'id' | 'variants'>,
  want: {
    memberLanguage?: string | null;
    platform?: string | null;
    clientDefaultLocale?: string | null;
  },
  facts: ConversationFacts,
): Insertion | null {
  const picked = pickVariant(r.variants, {
    locale: want.memberLanguage ?? null,
    platform: want.platform ?? null,
    clientDefaultLocale: want.clientDefaultLocale ?? null,
  });
  if (!picked) return null;
  const c = compileTemplate(picked.variant.body);
  if (!c.ok) return null;
  const values = placeholderValues(facts, picked.variant.locale);
  return {
    responseId: r.id,
    template: c.template,
    values,
    rendered: renderTemplate(c.template, values),
    locale: picked.variant.locale,
    fellBack: picked.fellBack,
  };
}

export type TextHole = { kind: 'placeholder' | 'input'; name: string; start: number; end: number };
// Bounded quantifiers only (linear on any text): {{input "Label"}} and {{known.placeholder}}.
const HOLE =
  /\{\{\s{0,5}(?:input\s{1,5}"([^"\n]{1,100})"|((?:member|agent|client|conversation|sla)\.[a-z_]{1,30}))\s{0,5}\}\}/g;

/** Unfilled placeholders and prompted inputs left in a reply, in text order. */
export function findHoles(text: string): TextHole[] {
  const out: TextHole[] = [];
  HOLE.lastIndex = 0;
  for (let m = HOLE.exec(text); m; m = HOLE.exec(text)) {
    out.push({
      kind: m[1] !== undefined ? 'input' : 'placeholder',
      name: (m[1] ?? m[2])!,
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out;
}
