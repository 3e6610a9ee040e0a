// Brand guideline: the declarative rule set a client's replies are checked against (JSON or YAML),
// its zod schema and the parser that turns a file into a validated Guideline with field-named errors.
// Rule kinds follow Vale's extension points (existence, substitution, capitalization, occurrence,
// repetition, metric-like length checks) plus reply-specific ones (greeting, sign-off, emoji, links,
// language). Patterns are LITERAL words and phrases: no raw regular expressions are accepted, so a
// guideline cannot introduce catastrophic backtracking (ReDoS) into the linter.
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';

export const Severity = z.enum(['error', 'warning', 'suggestion']);
export type Severity = z.infer<typeof Severity>;

/** A BCP 47 language tag as used for rule selection ("da", "en-GB", "ru"). */
const LanguageTag = z
  .string()
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as "da" or "en-GB"');
/** A literal word or phrase (no regex): at least one letter or digit, no line breaks. */
const Term = z
  .string()
  .min(1)
  .max(100)
  .refine((s) => /[\p{L}\p{N}]/u.test(s), 'must contain a letter or digit')
  .refine((s) => !/[\r\n]/.test(s), 'must be on one line');
const Phrase = z.string().min(1).max(300);

const base = {
  /** Stable id (shown with each finding, used for overrides and reports). */
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "." or "-"'),
  severity: Severity.default('warning'),
  /** Shown to the agent. {match}, {suggestion}, {count} and {max} are filled in where they apply. */
  message: z.string().min(1).max(500),
  /** Only for replies in these languages (primary subtag compared: "da" matches "da-DK"). */
  languages: z.array(LanguageTag).min(1).optional(),
  /** Only for replies to these platforms (the platform ids the connectors use). */
  platforms: z.array(z.string().min(1).max(40)).min(1).optional(),
};

export const ExistenceRule = z.object({
  ...base,
  kind: z.literal('existence'),
  /** Banned words and phrases, matched on word boundaries. */
  terms: z.array(Term).min(1).max(1000),
  ignoreCase: z.boolean().default(true),
  /** Offer a one-key fix that deletes the match. */
  fixRemove: z.boolean().default(false),
});
export const SubstitutionRule = z.object({
  ...base,
  kind: z.literal('substitution'),
  /** Word or phrase to avoid → the one to use ("users" → "members"); the fix keeps the match's capitalisation. */
  swap: z.record(Term, Phrase).refine((r) => Object.keys(r).length > 0, 'needs at least one entry'),
  ignoreCase: z.boolean().default(true),
});
export const CapitalizationRule = z.object({
  ...base,
  kind: z.literal('capitalization'),
  /** Canonical spellings of brand and product names; any other capitalisation is flagged and fixed. */
  terms: z.array(Term).min(1).max(1000),
});
export const GreetingRule = z.object({
  ...base,
  kind: z.literal('greeting'),
  /** The reply's first line must start with one of these (case-insensitive, whole words). */
  phrases: z.array(Phrase).min(1).max(50),
  /** Text the one-key fix inserts at the start (e.g. "Hi {{member.first_name}},\n\n"). */
  insert: z.string().max(500).optional(),
});
export const SignoffRule = z.object({
  ...base,
  kind: z.literal('signoff'),
  /** The reply must end with one of these (case-insensitive, whitespace and line breaks normalised). */
  phrases: z.array(Phrase).min(1).max(50),
  /** Text the one-key fix appends after a blank line. */
  insert: z.string().max(500).optional(),
});
export const OccurrenceRule = z.object({
  ...base,
  kind: z.literal('occurrence'),
  /** A literal token ("!", "sorry"); a token that starts or ends with a letter/digit matches on word boundaries. */
  token: z.string().min(1).max(50),
  max: z.number().int().min(0).max(10000),
  ignoreCase: z.boolean().default(true),
  /** Replacement the fix puts in place of each occurrence past the maximum (e.g. "."). */
  replaceWith: z.string().max(50).optional(),
});
export const RepetitionRule = z.object({
  ...base,
  kind: z.literal('repetition'),
});
export const EmojiRule = z.object({
  ...base,
  kind: z.literal('emoji'),
  /** none = no emoji; allowed = any number; max = at most `max`. */
  policy: z.enum(['none', 'allowed', 'max']),
  max: z.number().int().min(0).max(1000).optional(),
  /** Count chat :shortcodes: too (default true). */
  shortcodes: z.boolean().default(true),
});
export const LinksRule = z.object({
  ...base,
  kind: z.literal('links'),
  /** Hosts links may point to; "example.com" also allows its subdomains. Empty = no links at all. */
  allowedDomains: z
    .array(
      z.string().regex(/^[\p{L}\p{N}.-]{1,253}$/u, 'must be a host name such as "example.com"'),
    )
    .max(500),
});
export const LengthRule = z.object({
  ...base,
  kind: z.literal('length'),
  max: z.number().int().min(1).max(1_000_000),
  /** What one unit of `max` is: Unicode code points (default), UTF-16 code units, or UTF-8 bytes. */
  unit: z.enum(['codepoint', 'utf16', 'utf8']).default('codepoint'),
});
export const SentenceLengthRule = z.object({
  ...base,
  kind: z.literal('sentenceLength'),
  maxWords: z.number().int().min(1).max(1000),
});
export const LanguageRule = z.object({
  ...base,
  kind: z.literal('language'),
});

export const Rule = z.discriminatedUnion('kind', [
  ExistenceRule,
  SubstitutionRule,
  CapitalizationRule,
  GreetingRule,
  SignoffRule,
  OccurrenceRule,
  RepetitionRule,
  EmojiRule,
  LinksRule,
  LengthRule,
  SentenceLengthRule,
  LanguageRule,
]);
export type Rule = z.infer<typeof Rule>;
export type RuleInput = z.input<typeof Rule>;
export type RuleKind = Rule['kind'];

export const Guideline = z
  .object({
    version: z.literal(1).default(1),
    name: z.string().max(200).optional(),
    /** Language assumed for per-language rules when the reply's language is unknown. */
    defaultLanguage: LanguageTag.optional(),
    rules: z.array(Rule).max(5000),
  })
  .superRefine((g, ctx) => {
    const seen = new Map<string, number>();
    g.rules.forEach((r, i) => {
      const first = seen.get(r.id);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'id'],
          message: `duplicate id "${r.id}" (also rules[${first}])`,
        });
      else seen.set(r.id, i);
      if (r.kind === 'emoji' && r.policy === 'max' && r.max === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'max'],
          message: 'policy "max" needs max',
        });
    });
  });
export type Guideline = z.infer<typeof Guideline>;
export type GuidelineInput = z.input<typeof Guideline>;

export type GuidelineIssue = { path: string; message: string };
export class GuidelineError extends Error {
  constructor(readonly issues: GuidelineIssue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '));
    this.name = 'GuidelineError';
  }
}

/** `rules[3].terms[0]` from a zod path. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

export const MAX_GUIDELINE_SOURCE = 1_000_000;

/**
 * Parses a guideline file. `format` defaults to JSON when the text starts with "{", else YAML.
 * Throws GuidelineError naming each bad field (`rules[2].swap: needs at least one entry`).
 */
export function parseGuideline(source: string, format?: 'json' | 'yaml'): Guideline {
  if (source.length > MAX_GUIDELINE_SOURCE)
    throw new GuidelineError([
      { path: '', message: `file is larger than ${MAX_GUIDELINE_SOURCE} characters` },
    ]);
  const fmt = format ?? (source.trimStart().startsWith('{') ? 'json' : 'yaml');
  let data: unknown;
  try {
    // yaml: aliases capped (no "billion laughs"), duplicate keys refused.
    data =
      fmt === 'json'
        ? JSON.parse(source)
        : parseYaml(source, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: true });
  } catch (e) {
    throw new GuidelineError([
      {
        path: '',
        message: `not valid ${fmt.toUpperCase()}: ${(e as Error).message.split('\n')[0]}`,
      },
    ]);
  }
  return validateGuideline(data);
}

/** Validates an already-parsed object (e.g. from the database). Throws GuidelineError. */
export function validateGuideline(data: unknown): Guideline {
  const r = Guideline.safeParse(data);
  if (!r.success)
    throw new GuidelineError(
      r.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  return r.data;
}
