// Canned responses: zod schema of one response (a library entry per client, or agency-wide with
// clientId null, optionally overriding an agency response), its locale/platform variants, and the
// effective library a client sees. Every variant body must be a valid template.
import { z } from 'zod';
import { MAX_TEMPLATE_LENGTH, compileTemplate } from './template';

const oneLine = (s: string) => !/[\r\n]/.test(s);
export const Shortcut = z
  .string()
  .regex(/^[\p{L}\p{N}_-]{1,40}$/u, 'must be 1-40 letters, digits, "_" or "-" (typed after #)');
export const Tag = z
  .string()
  .min(1)
  .max(50)
  .refine((s) => s === s.trim(), 'must not start or end with a space')
  .refine((s) => !/[|\p{Cc}]/u.test(s), 'must not contain "|" or control characters');
export const LocaleTag = z
  .string()
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/, 'must be a locale such as "en", "da" or "da-DK"');
export const PlatformId = z
  .string()
  .regex(/^[a-z0-9_-]{1,40}$/, 'must be a platform id (lower-case letters, digits, "_" or "-")');

export const ResponseVariant = z.object({
  locale: LocaleTag,
  /** null: for every platform; else the platform id this wording is for. */
  platform: PlatformId.nullable(),
  /** Markdown with {{placeholders}}. */
  body: z
    .string()
    .min(1)
    .max(MAX_TEMPLATE_LENGTH)
    .superRefine((body, ctx) => {
      const r = compileTemplate(body);
      if (!r.ok)
        for (const e of r.errors)
          ctx.addIssue({ code: 'custom', message: `${e.message} (at ${e.start})` });
    }),
});
export type ResponseVariant = z.infer<typeof ResponseVariant>;

export const CannedResponse = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits, "_", ".", ":" or "-"'),
    /** null: agency-wide (every client sees it unless the client overrides it). */
    clientId: z.string().min(1).max(64).refine(oneLine, 'must be on one line').nullable(),
    /** Id of the agency-wide response this client response replaces. */
    overrides: z.string().min(1).max(64).nullable().default(null),
    shortcut: Shortcut,
    title: z.string().min(1).max(200).refine(oneLine, 'must be on one line'),
    folder: z.string().max(200).refine(oneLine, 'must be on one line').default(''),
    tags: z.array(Tag).max(50).default([]),
    variants: z.array(ResponseVariant).min(1).max(100),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.variants.forEach((v, i) => {
      const key = `${v.locale.toLowerCase()}|${v.platform ?? ''}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i],
          message: `two variants for locale ${v.locale} and ${v.platform ?? 'all platforms'}`,
        });
      seen.add(key);
    });
    if (r.overrides !== null && r.clientId === null)
      ctx.addIssue({
        code: 'custom',
        path: ['overrides'],
        message: 'only a client response can override an agency response',
      });
  });
export type CannedResponse = z.infer<typeof CannedResponse>;
export type CannedResponseInput = z.input<typeof CannedResponse>;

/**
 * What one client's agents see: the client's own responses plus the agency-wide ones that the
 * client has not overridden (by `overrides`, or by using the same shortcut).
 */
export function effectiveLibrary<
  R extends Pick<CannedResponse, 'id' | 'clientId' | 'overrides' | 'shortcut'>,
>(responses: readonly R[], clientId: string): R[] {
  const own = responses.filter((r) => r.clientId === clientId);
  const overridden = new Set(own.map((r) => r.overrides).filter((x): x is string => x !== null));
  const shortcuts = new Set(own.map((r) => r.shortcut.toLowerCase()));
  const agency = responses.filter(
    (r) => r.clientId === null && !overridden.has(r.id) && !shortcuts.has(r.shortcut.toLowerCase()),
  );
  return [...own, ...agency];
}
