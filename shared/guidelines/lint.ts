// The brand-guideline linter: compileGuideline turns a validated Guideline into lookup tables once
// (every word/phrase of the existence, substitution and capitalization rules in one Map keyed by its
// first word, literal-token regexes for occurrence rules), and lintReply checks a reply in one pass
// over its words plus the few whole-text checks the active rules need. Findings carry exact
// [start, end) UTF-16 offsets for inline highlights and, where the rule defines one, a fix made of
// text edits (applyFix / applyFixes).
import { type Guideline, type Rule, type Severity, validateGuideline } from './schema';
import {
  type Span,
  type Token,
  WORD_CHAR,
  codePointLength,
  findEmoji,
  findLinks,
  maskedSpans,
  normGap,
  offsetOfCodePoint,
  offsetOfUtf8,
  overlapsAny,
  sentences,
  tokenize,
  unmaskedTokens,
  utf8Length,
} from './text';

export type TextEdit = { start: number; end: number; text: string };
export type Fix = { label: string; edits: TextEdit[] };
export type Finding = {
  ruleId: string;
  kind: Rule['kind'];
  severity: Severity;
  message: string;
  /** UTF-16 offsets into the linted text, end exclusive. A zero-width range marks a position. */
  start: number;
  end: number;
  fix?: Fix;
};
export type LintContext = {
  /** Platform id of the conversation (rules with `platforms` apply only there). */
  platform?: string;
  /** Language of the reply (detected or chosen); falls back to the guideline's defaultLanguage. */
  language?: string;
  /** Language detected in the member's messages (for the "language" rule). */
  memberLanguage?: string;
};

type WordEntry = {
  rule: number;
  /** Lower-cased words of the term, the term's own words, and the normalised separators between them. */
  lower: string[];
  exact: string[];
  gaps: string[];
  caseSensitive: boolean;
  canonical?: string;
  replacement?: string;
};

export type CompiledGuideline = {
  readonly guideline: Guideline;
  readonly rules: readonly Rule[];
  /** Word rules by the lower-cased first word; longer phrases first. */
  readonly words: ReadonlyMap<string, readonly WordEntry[]>;
  /** Occurrence rules: a single word is counted on the word list, punctuation with indexOf, anything else with a regex. */
  readonly occurrence: ReadonlyMap<number, { word: string } | { literal: string } | { re: RegExp }>;
  readonly primaryLanguages: ReadonlyArray<ReadonlySet<string> | null>;
  readonly platforms: ReadonlyArray<ReadonlySet<string> | null>;
};

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, suggestion: 2 };
const primary = (tag: string) => tag.split('-')[0]!.toLowerCase();
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function termParts(term: string): { exact: string[]; gaps: string[] } {
  const toks = tokenize(term);
  const exact = toks.map((t) => t.text);
  const gaps: string[] = [];
  for (let i = 1; i < toks.length; i++)
    gaps.push(normGap(term.slice(toks[i - 1]!.end, toks[i]!.start)));
  return { exact, gaps };
}

const cache = new WeakMap<Guideline, CompiledGuideline>();

/** Compiles a guideline (validated here if it was not). Cached per guideline object. */
export function compileGuideline(input: Guideline): CompiledGuideline {
  const hit = cache.get(input);
  if (hit) return hit;
  const guideline = validateGuideline(input);
  const words = new Map<string, WordEntry[]>();
  const occurrence = new Map<number, { word: string } | { literal: string } | { re: RegExp }>();
  const add = (term: string, e: Omit<WordEntry, 'lower' | 'exact' | 'gaps'>) => {
    const { exact, gaps } = termParts(term);
    if (exact.length === 0) return;
    const entry: WordEntry = { ...e, exact, gaps, lower: exact.map((w) => w.toLowerCase()) };
    const key = entry.lower[0]!;
    const list = words.get(key) ?? [];
    list.push(entry);
    words.set(key, list);
  };
  guideline.rules.forEach((r, i) => {
    switch (r.kind) {
      case 'existence':
        for (const t of r.terms) add(t, { rule: i, caseSensitive: !r.ignoreCase });
        break;
      case 'substitution':
        for (const [from, to] of Object.entries(r.swap))
          add(from, { rule: i, caseSensitive: !r.ignoreCase, replacement: to });
        break;
      case 'capitalization':
        for (const t of r.terms) add(t, { rule: i, caseSensitive: false, canonical: t });
        break;
      case 'occurrence': {
        const words = tokenize(r.token);
        if (words.length === 1 && words[0]!.text === r.token) {
          occurrence.set(i, { word: r.ignoreCase ? r.token.toLowerCase() : r.token });
          break;
        }
        if (words.length === 0) {
          occurrence.set(i, { literal: r.token });
          break;
        }
        const lead = WORD_CHAR.test(r.token[0]!) ? '(?<![\\p{L}\\p{M}\\p{N}])' : '';
        const trail = WORD_CHAR.test(r.token[r.token.length - 1]!)
          ? '(?![\\p{L}\\p{M}\\p{N}])'
          : '';
        occurrence.set(i, {
          re: new RegExp(lead + escapeRe(r.token) + trail, r.ignoreCase ? 'giu' : 'gu'),
        });
        break;
      }
      default:
        break;
    }
  });
  for (const list of words.values()) list.sort((a, b) => b.lower.length - a.lower.length);
  const compiled: CompiledGuideline = {
    guideline,
    rules: guideline.rules,
    words,
    occurrence,
    primaryLanguages: guideline.rules.map((r) =>
      r.languages ? new Set(r.languages.map(primary)) : null,
    ),
    platforms: guideline.rules.map((r) => (r.platforms ? new Set(r.platforms) : null)),
  };
  cache.set(input, compiled);
  if (guideline !== input) cache.set(guideline, compiled);
  return compiled;
}

function fill(template: string, vars: Record<string, string | number | undefined>): string {
  return template.replace(
    /\{(match|suggestion|count|max|language|memberLanguage)\}/g,
    (m, k: string) => (vars[k] === undefined ? m : String(vars[k])),
  );
}

/** "users" → "members", "Users" → "Members", "USERS" → "MEMBERS". */
export function matchCase(source: string, replacement: string): string {
  if (!replacement) return replacement;
  const letters = source.replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase())
    return replacement.toUpperCase();
  const first = [...source][0] ?? '';
  if (first && first !== first.toLowerCase() && first === first.toUpperCase()) {
    const [c, ...rest] = [...replacement];
    return (c ?? '').toUpperCase() + rest.join('');
  }
  return replacement;
}

/** Removing [start, end) plus one neighbouring space, so "a 😀 b" becomes "a b". */
function removalEdit(text: string, start: number, end: number): TextEdit {
  const before = start > 0 ? text[start - 1] : '\n';
  const after = end < text.length ? text[end] : '\n';
  if (
    before === ' ' &&
    (after === ' ' || after === '\n' || end === text.length || /[.,!?;:]/.test(after!))
  )
    return { start: start - 1, end, text: '' };
  if (after === ' ' && (start === 0 || before === '\n')) return { start, end: end + 1, text: '' };
  return { start, end, text: '' };
}

/** Greeting and sign-off highlights cover at most this many characters of the first/last line. */
const HIGHLIGHT_MAX = 60;
const isLow = (text: string, i: number) =>
  i > 0 && i < text.length && (text.charCodeAt(i) & 0xfc00) === 0xdc00;
function clampEnd(text: string, start: number, end: number): number {
  let e = Math.min(end, start + HIGHLIGHT_MAX);
  if (isLow(text, e)) e++;
  return e;
}
function clampStart(text: string, start: number, end: number): number {
  let s = Math.max(start, end - HIGHLIGHT_MAX);
  if (isLow(text, s)) s--;
  return s;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').toLowerCase();

/**
 * Checks `text` against the guideline. Rules apply when their `platforms` include ctx.platform and
 * their `languages` include the reply's language (ctx.language, else the guideline's
 * defaultLanguage; a rule with `languages` does not apply when neither is known).
 */
export function lintReply(
  guideline: Guideline | CompiledGuideline,
  text: string,
  ctx: LintContext = {},
): Finding[] {
  const g = 'words' in guideline ? guideline : compileGuideline(guideline);
  const rules = g.rules;
  const lang = ctx.language ?? g.guideline.defaultLanguage;
  const langP = lang ? primary(lang) : undefined;
  const active: boolean[] = new Array(rules.length);
  let anyWord = false;
  let needRepetition = -1;
  for (let i = 0; i < rules.length; i++) {
    const langs = g.primaryLanguages[i];
    const plats = g.platforms[i];
    const on =
      (!langs || (langP !== undefined && langs.has(langP))) &&
      (!plats || (ctx.platform !== undefined && plats.has(ctx.platform)));
    active[i] = on;
    if (!on) continue;
    const k = rules[i]!.kind;
    if (k === 'existence' || k === 'substitution' || k === 'capitalization') anyWord = true;
    if (k === 'repetition') needRepetition = i;
  }

  const out: Finding[] = [];
  const push = (
    i: number,
    start: number,
    end: number,
    vars: Record<string, string | number | undefined>,
    fix?: Fix,
  ) => {
    const r = rules[i]!;
    out.push({
      ruleId: r.id,
      kind: r.kind,
      severity: r.severity,
      message: fill(r.message, vars),
      start,
      end,
      ...(fix ? { fix } : {}),
    });
  };

  // Shared analysis, computed once and only when an active rule needs it.
  const { links, emails } = findLinks(text);
  const masked = maskedSpans(text, links, emails);
  let allTokens: Token[] | undefined;
  const tokensAll = () => (allTokens ??= tokenize(text));
  let prose: Token[] | undefined;
  const proseTokens = () => (prose ??= unmaskedTokens(tokensAll(), masked));
  const tokens = anyWord || needRepetition >= 0 ? proseTokens() : [];

  if (anyWord) wordRules(g, text, tokens, active, push);
  if (needRepetition >= 0) {
    for (let i = 1; i < tokens.length; i++) {
      const a = tokens[i - 1]!;
      const b = tokens[i]!;
      if (a.lower !== b.lower || !/\p{L}/u.test(b.text)) continue;
      const gap = text.slice(a.end, b.start);
      if (!/^[ \t]+$/.test(gap)) continue;
      for (let r = 0; r < rules.length; r++) {
        if (active[r] && rules[r]!.kind === 'repetition')
          push(
            r,
            b.start,
            b.end,
            { match: b.text },
            {
              label: `Remove the repeated "${b.text}"`,
              edits: [{ start: a.end, end: b.end, text: '' }],
            },
          );
      }
    }
  }

  let emojiSpans: Span[] | undefined;
  let sentenceSpans: Span[] | undefined;
  for (let i = 0; i < rules.length; i++) {
    if (!active[i]) continue;
    const r = rules[i]!;
    switch (r.kind) {
      case 'greeting': {
        const lead = text.length - text.trimStart().length;
        const nl = text.indexOf('\n', lead);
        const lineEnd = nl < 0 ? text.length : nl;
        const line = text.slice(lead, lineEnd).toLowerCase();
        const ok = r.phrases.some((p) => {
          const q = p.trim().toLowerCase();
          if (!line.startsWith(q)) return false;
          const next = line[q.length];
          return (
            next === undefined || !WORD_CHAR.test(q[q.length - 1] ?? '') || !WORD_CHAR.test(next)
          );
        });
        // Highlight the start of the first line (at most HIGHLIGHT_MAX characters).
        if (!ok)
          push(
            i,
            lead,
            clampEnd(text, lead, lineEnd),
            { suggestion: r.phrases[0] },
            r.insert !== undefined
              ? { label: 'Add the greeting', edits: [{ start: lead, end: lead, text: r.insert }] }
              : undefined,
          );
        break;
      }
      case 'signoff': {
        const trimmed = text.trimEnd();
        const tail = collapse(trimmed.slice(-2000));
        const ok = r.phrases.some((p) => {
          const q = collapse(p).trim();
          if (!tail.endsWith(q)) return false;
          const before = tail[tail.length - q.length - 1];
          return before === undefined || !WORD_CHAR.test(q[0] ?? '') || !WORD_CHAR.test(before);
        });
        if (!ok) {
          const lastNl = trimmed.lastIndexOf('\n');
          const lineStart =
            lastNl +
            1 +
            (trimmed.length - lastNl - 1 - trimmed.slice(lastNl + 1).trimStart().length);
          push(
            i,
            clampStart(trimmed, Math.min(lineStart, trimmed.length), trimmed.length),
            trimmed.length,
            { suggestion: r.phrases[0] },
            r.insert !== undefined
              ? {
                  label: 'Add the sign-off',
                  edits: [
                    {
                      start: trimmed.length,
                      end: text.length,
                      text: (trimmed ? '\n\n' : '') + r.insert,
                    },
                  ],
                }
              : undefined,
          );
        }
        break;
      }
      case 'occurrence': {
        const how = g.occurrence.get(i)!;
        let count = 0;
        const hits: Span[] = [];
        const seen = (start: number, end: number) => {
          count++;
          if (count > r.max) hits.push({ start, end });
        };
        if ('word' in how) {
          for (const t of proseTokens())
            if ((r.ignoreCase ? t.lower : t.text) === how.word) seen(t.start, t.end);
        } else if ('literal' in how) {
          for (
            let at = text.indexOf(how.literal);
            at >= 0;
            at = text.indexOf(how.literal, at + how.literal.length)
          ) {
            if (!overlapsAny(at, at + how.literal.length, masked))
              seen(at, at + how.literal.length);
          }
        } else {
          const re = how.re;
          re.lastIndex = 0;
          for (let m = re.exec(text); m; m = re.exec(text)) {
            if (m[0].length === 0) {
              re.lastIndex++;
              continue;
            }
            if (!overlapsAny(m.index, m.index + m[0].length, masked))
              seen(m.index, m.index + m[0].length);
          }
        }
        for (const h of hits) {
          push(
            i,
            h.start,
            h.end,
            { match: text.slice(h.start, h.end), count, max: r.max },
            r.replaceWith !== undefined
              ? {
                  label: r.replaceWith ? `Replace with "${r.replaceWith}"` : 'Remove',
                  edits: [{ start: h.start, end: h.end, text: r.replaceWith }],
                }
              : undefined,
          );
        }
        break;
      }
      case 'emoji': {
        if (r.policy === 'allowed') break;
        emojiSpans ??= findEmoji(text, true);
        const list = emojiSpans.filter(
          (s) => (r.shortcodes || text[s.start] !== ':') && !overlapsAny(s.start, s.end, masked),
        );
        const limit = r.policy === 'none' ? 0 : (r.max ?? 0);
        list.forEach((s, n) => {
          if (n >= limit)
            push(
              i,
              s.start,
              s.end,
              { match: text.slice(s.start, s.end), count: list.length, max: limit },
              { label: 'Remove the emoji', edits: [removalEdit(text, s.start, s.end)] },
            );
        });
        break;
      }
      case 'links': {
        const allowed = r.allowedDomains.map((d) => d.toLowerCase().replace(/\.$/, ''));
        for (const l of links) {
          const h = l.host;
          const ok = h !== null && allowed.some((d) => h === d || h.endsWith('.' + d));
          if (!ok) push(i, l.start, l.end, { match: h ?? l.url });
        }
        break;
      }
      case 'length': {
        const count =
          r.unit === 'utf16'
            ? text.length
            : r.unit === 'utf8'
              ? utf8Length(text)
              : codePointLength(text);
        if (count > r.max) {
          const start =
            r.unit === 'utf16'
              ? r.max
              : r.unit === 'utf8'
                ? offsetOfUtf8(text, r.max)
                : offsetOfCodePoint(text, r.max);
          push(i, start, text.length, { count, max: r.max });
        }
        break;
      }
      case 'sentenceLength': {
        sentenceSpans ??= sentences(text, lang);
        // Words outside links, code and placeholders (a URL is not a dozen words).
        const toks = proseTokens();
        let j = 0;
        for (const s of sentenceSpans) {
          while (j < toks.length && toks[j]!.start < s.start) j++;
          let k = j;
          while (k < toks.length && toks[k]!.end <= s.end) k++;
          const count = k - j;
          if (count > r.maxWords) push(i, s.start, s.end, { count, max: r.maxWords });
        }
        break;
      }
      case 'language': {
        const a = ctx.language;
        const b = ctx.memberLanguage;
        if (a && b && primary(a) !== primary(b))
          push(i, 0, text.length, { language: a, memberLanguage: b });
        break;
      }
      default:
        break;
    }
  }
  return out.sort(
    (a, b) =>
      a.start - b.start ||
      a.end - b.end ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

function wordRules(
  g: CompiledGuideline,
  text: string,
  tokens: Token[],
  active: boolean[],
  push: (
    i: number,
    start: number,
    end: number,
    vars: Record<string, string | number | undefined>,
    fix?: Fix,
  ) => void,
): void {
  const lastEnd = new Map<number, number>();
  for (let i = 0; i < tokens.length; i++) {
    const cands = g.words.get(tokens[i]!.lower);
    if (!cands) continue;
    for (const e of cands) {
      if (!active[e.rule]) continue;
      const n = e.lower.length;
      if (i + n > tokens.length) continue;
      const start = tokens[i]!.start;
      if ((lastEnd.get(e.rule) ?? -1) > start) continue;
      let ok = true;
      let exactCase = true;
      for (let k = 0; k < n && ok; k++) {
        const t = tokens[i + k]!;
        if (e.caseSensitive ? t.text !== e.exact[k] : t.lower !== e.lower[k]) ok = false;
        else if (t.text !== e.exact[k]) exactCase = false;
        if (ok && k > 0 && normGap(text.slice(tokens[i + k - 1]!.end, t.start)) !== e.gaps[k - 1])
          ok = false;
      }
      if (!ok) continue;
      const end = tokens[i + n - 1]!.end;
      const match = text.slice(start, end);
      const r = g.rules[e.rule]!;
      if (e.canonical !== undefined) {
        if (exactCase) continue;
        lastEnd.set(e.rule, end);
        push(
          e.rule,
          start,
          end,
          { match, suggestion: e.canonical },
          { label: `Write "${e.canonical}"`, edits: [{ start, end, text: e.canonical }] },
        );
      } else if (e.replacement !== undefined) {
        lastEnd.set(e.rule, end);
        const repl = e.caseSensitive ? e.replacement : matchCase(match, e.replacement);
        push(
          e.rule,
          start,
          end,
          { match, suggestion: repl },
          { label: `Replace with "${repl}"`, edits: [{ start, end, text: repl }] },
        );
      } else {
        lastEnd.set(e.rule, end);
        const fixRemove = r.kind === 'existence' && r.fixRemove;
        push(
          e.rule,
          start,
          end,
          { match },
          fixRemove
            ? { label: `Remove "${match}"`, edits: [removalEdit(text, start, end)] }
            : undefined,
        );
      }
    }
  }
}

export class FixError extends Error {}

/** Applies one fix's edits (non-overlapping, within bounds) and returns the new text. */
export function applyFix(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let prevEnd = 0;
  for (const e of edits) {
    if (
      !(Number.isInteger(e.start) && Number.isInteger(e.end)) ||
      e.start < 0 ||
      e.end > text.length ||
      e.start > e.end
    )
      throw new FixError(`edit [${e.start}, ${e.end}) is outside the text (length ${text.length})`);
    if (e.start < prevEnd) throw new FixError(`edits overlap at ${e.start}`);
    prevEnd = e.end;
  }
  let out = text;
  for (let k = edits.length - 1; k >= 0; k--) {
    const e = edits[k]!;
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  }
  return out;
}

/**
 * Applies every finding's fix that does not overlap an earlier one (in text order); the others are
 * skipped, since lint again on the result finds them anew with fresh offsets. Returns the new text
 * and how many fixes were applied.
 */
export function applyFixes(
  text: string,
  findings: readonly Finding[],
): { text: string; applied: number } {
  const chosen: TextEdit[] = [];
  let applied = 0;
  let lastEnd = -1;
  for (const f of [...findings]
    .filter((x) => x.fix && x.fix.edits.length > 0)
    .sort((x, y) => x.start - y.start)) {
    const edits = f.fix!.edits;
    const lo = Math.min(...edits.map((e) => e.start));
    if (lo < lastEnd) continue;
    chosen.push(...edits);
    lastEnd = Math.max(...edits.map((e) => e.end));
    applied++;
  }
  return { text: applyFix(text, { label: 'all', edits: chosen }), applied };
}

/** True when any finding is an error (the composer blocks send unless the agent overrides). */
export function blocksSend(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
