// renderer/features/conversation/voice: everything the composer needs for the client's voice,
// added beside it as one hook — the `#` picker over the client's canned responses (index built once
// per library, off the keystroke path; weighted by this agent's uses; before anything is typed, the
// responses most similar to the member's last message), inserting the variant for the member's
// language and the source's platform with placeholders filled and prompted inputs, the member's
// language, the guideline findings as the agent types (one-key fixes: Alt+1..9), and what blocks
// Send (unfilled holes; error findings unless overridden with a reason). The core re-checks on send.
import { useQuery } from '@tanstack/react-query';
import {
  useCallback,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import {
  applyFix,
  blocksSend,
  compileGuideline,
  lintReply,
  type Finding,
} from '../../../../shared/guidelines';
import {
  createResponseIndex,
  renderTemplate,
  type ResponseIndex,
} from '../../../../shared/responses';
import { detectLanguage } from '../../../../shared/responses/detect';
import type { ResponseRecord } from '../../../../shared/ipc/contract';
import {
  appInfoOptions,
  conversationOptions,
  guidelineOptions,
  libraryOptions,
  useApi,
  useResponseUsed,
} from '../../../api/queries';
import {
  findHoles,
  pickerQueryAt,
  prepareInsertion,
  type Insertion,
  type TextHole,
} from './compose';

export const PICKER_LIMIT = 8;

// One index per library (the query's array): built once, reused by every composer of the client.
const indexes = new WeakMap<readonly ResponseRecord[], ResponseIndex>();
export function indexFor(responses: readonly ResponseRecord[]): ResponseIndex {
  let ix = indexes.get(responses);
  if (!ix) {
    ix = createResponseIndex(responses);
    indexes.set(responses, ix);
  }
  return ix;
}

type Picker = { start: number; query: string; active: number };
type Tracked = Insertion & { start: number; text: string; inputs: Record<string, string> };

export function useComposerVoice(
  conversationId: number,
  body: string,
  setBody: (v: string) => void,
  textarea: RefObject<HTMLTextAreaElement | null>,
) {
  const api = useApi();
  const listId = useId();
  const detail = useQuery(conversationOptions(api, conversationId)).data;
  const clientId = detail?.client.id ?? 0;
  const agent = useQuery(appInfoOptions(api)).data?.agent ?? null;
  const library = useQuery({ ...libraryOptions(api, clientId), enabled: clientId > 0 }).data;
  const stored = useQuery({ ...guidelineOptions(api, clientId), enabled: clientId > 0 }).data;
  const used = useResponseUsed();
  const platform = detail?.source.platform;

  const [picker, setPicker] = useState<Picker | null>(null);
  const [tracked, setTracked] = useState<Tracked | null>(null);
  const [overrideOpen, setOverrideOpen] = useState(false);
  const [reason, setReason] = useState('');
  const pendingCaret = useRef<number | null>(null);
  const [scrollTop, setScrollTop] = useState(0);

  const responses = library?.responses;
  const index = useMemo(() => (responses ? indexFor(responses) : null), [responses]);
  const inbound = useMemo(
    () => (detail?.messages ?? []).filter((m) => m.direction === 'inbound').map((m) => m.bodyText),
    [detail?.messages],
  );
  const member = useMemo(() => detectLanguage(inbound), [inbound]);
  const memberLanguage = member.lang === 'und' ? undefined : member.lang;
  const lastMemberMessage = inbound[inbound.length - 1] ?? '';

  const hits = useMemo(() => {
    if (!picker || !index || !responses) return [];
    const byId = new Map(responses.map((r) => [r.id, r]));
    let ids: string[];
    if (picker.query === '') {
      // Before anything is typed: the most similar to the member's last message, then the most used.
      const similar = index.similar(lastMemberMessage, { limit: PICKER_LIMIT }).map((h) => h.id);
      ids = [
        ...new Set([
          ...similar,
          ...index.search('', { usage: library?.usage, limit: PICKER_LIMIT }).map((h) => h.id),
        ]),
      ];
    } else
      ids = index
        .search(picker.query, { usage: library?.usage, limit: PICKER_LIMIT })
        .map((h) => h.id);
    return ids
      .slice(0, PICKER_LIMIT)
      .map((id) => byId.get(id)!)
      .filter(Boolean);
  }, [picker, index, responses, library?.usage, lastMemberMessage]);

  const guideline = useMemo(
    () => (stored?.guideline ? compileGuideline(stored.guideline) : null),
    [stored?.guideline],
  );
  const replyLanguage = useMemo(() => {
    const d = detectLanguage(body);
    return d.lang === 'und' ? undefined : d.lang;
  }, [body]);
  const findings: Finding[] = useMemo(
    () =>
      guideline && body.trim()
        ? lintReply(guideline, body, { platform, language: replyLanguage, memberLanguage })
        : [],
    [guideline, body, platform, replyLanguage, memberLanguage],
  );
  const fixable = useMemo(() => findings.filter((f) => f.fix).slice(0, 9), [findings]);
  const holes: TextHole[] = useMemo(() => findHoles(body), [body]);
  const errors = blocksSend(findings);

  const placeCaret = (pos: number, end = pos) => {
    pendingCaret.current = pos;
    setTimeout(() => {
      const el = textarea.current;
      if (el && pendingCaret.current === pos) {
        el.focus();
        el.setSelectionRange(pos, end);
      }
    }, 0);
  };

  /** After every edit: open, move or close the picker for the `#query` at the caret. */
  const onEdited = useCallback((value: string, caret: number) => {
    const q = pickerQueryAt(value, caret);
    setPicker((p) =>
      q
        ? {
            start: q.start,
            query: q.query,
            active: p && p.start === q.start ? Math.min(p.active, PICKER_LIMIT - 1) : 0,
          }
        : null,
    );
    setOverrideOpen(false);
  }, []);

  const choose = (r: ResponseRecord) => {
    if (!picker || !detail) return;
    const ins = prepareInsertion(
      r,
      { memberLanguage, platform, clientDefaultLocale: stored?.guideline?.defaultLanguage ?? null },
      {
        memberName: detail.member?.displayName,
        agentName: agent?.name,
        clientName: detail.client.name,
        conversationUrl: detail.conversation.url,
        firstReplyDue: detail.conversation.firstReplyDueAt,
        clientTimezone: detail.client.timezone,
      },
    );
    if (!ins) return;
    const caret = textarea.current?.selectionStart ?? picker.start + 1 + picker.query.length;
    const text = ins.rendered.text;
    setBody(body.slice(0, picker.start) + text + body.slice(Math.max(caret, picker.start)));
    setPicker(null);
    setTracked(
      ins.template.inputs.length ? { ...ins, start: picker.start, text, inputs: {} } : null,
    );
    used.mutate({ responseId: r.id, conversationId, clientId });
    const firstHole = ins.rendered.holes[0];
    if (firstHole && ins.template.inputs.length === 0)
      placeCaret(picker.start + firstHole.start, picker.start + firstHole.end);
    else if (ins.template.inputs.length === 0) placeCaret(picker.start + text.length);
  };

  /** A prompted input changed: re-render the inserted text while it is still as inserted. */
  const setInput = (label: string, value: string) => {
    if (!tracked) return;
    if (body.slice(tracked.start, tracked.start + tracked.text.length) !== tracked.text) {
      setTracked(null);
      return;
    }
    const inputs = { ...tracked.inputs, [label]: value };
    const text = renderTemplate(tracked.template, tracked.values, inputs).text;
    setBody(body.slice(0, tracked.start) + text + body.slice(tracked.start + tracked.text.length));
    setTracked({ ...tracked, inputs, text });
  };
  // The prompted inputs show while the inserted text is untouched.
  const prompts =
    tracked && body.slice(tracked.start, tracked.start + tracked.text.length) === tracked.text
      ? tracked
      : null;

  const fix = (n: number) => {
    const f = fixable[n];
    if (!f?.fix) return;
    const next = applyFix(body, f.fix);
    setBody(next);
    const e = f.fix.edits[0];
    if (e) placeCaret(Math.min(next.length, e.start + e.text.length));
  };

  /** Keys the voice features handle; returns true when the composer should do nothing else. */
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (picker && hits.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const d = e.key === 'ArrowDown' ? 1 : -1;
        setPicker({ ...picker, active: (picker.active + d + hits.length) % hits.length });
        return true;
      }
      if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === 'Tab') {
        e.preventDefault();
        choose(hits[Math.min(picker.active, hits.length - 1)]!);
        return true;
      }
    }
    if (picker && e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setPicker(null);
      return true;
    }
    if (e.altKey && /^Digit[1-9]$/.test(e.code)) {
      const n = Number(e.code.slice(5)) - 1;
      if (fixable[n]) {
        e.preventDefault();
        fix(n);
        return true;
      }
    }
    // Tab moves between unfilled holes (forward from the selection; past the last one, focus moves on).
    if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && holes.length > 0) {
      const el = e.currentTarget;
      const h = e.shiftKey
        ? [...holes].reverse().find((x) => x.end <= el.selectionStart)
        : holes.find((x) => x.start >= el.selectionEnd);
      if (h) {
        e.preventDefault();
        el.setSelectionRange(h.start, h.end);
        return true;
      }
    }
    return false;
  };

  /** Why Send is blocked (a message key), or null; opens the override form for guideline errors. */
  const gate = (): 'composer.holesBlock' | 'composer.guidelineBlocks' | null => {
    if (holes.length > 0) return 'composer.holesBlock';
    if (errors && reason.trim().length < 3) {
      setOverrideOpen(true);
      return 'composer.guidelineBlocks';
    }
    return null;
  };
  const sendExtras = () =>
    errors && reason.trim().length >= 3 ? { override: { reason: reason.trim() } } : {};
  const reset = () => {
    setTracked(null);
    setPicker(null);
    setOverrideOpen(false);
    setReason('');
  };

  const activeId =
    picker && hits.length ? `${listId}-${Math.min(picker.active, hits.length - 1)}` : undefined;
  const textareaProps = {
    'aria-autocomplete': 'list' as const,
    'aria-controls': picker ? listId : undefined,
    'aria-activedescendant': activeId,
    'aria-describedby': `${listId}-voice`,
    onScroll: (e: { currentTarget: HTMLTextAreaElement }) =>
      setScrollTop(e.currentTarget.scrollTop),
  };

  return {
    listId,
    picker,
    hits,
    choose,
    onEdited,
    onKeyDown,
    textareaProps,
    member,
    memberLanguage,
    replyLanguage,
    findings,
    fixable,
    fix,
    holes,
    errors,
    prompts,
    setInput,
    overrideOpen,
    setOverrideOpen,
    reason,
    setReason,
    gate,
    sendExtras,
    reset,
    hasGuideline: guideline !== null,
    scrollTop,
  };
}
export type ComposerVoice = ReturnType<typeof useComposerVoice>;
