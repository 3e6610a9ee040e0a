// Choosing a canned response's variant for a reply: the locale fallback chain (member's locale →
// its language → the client's default locale → its language → English) and, within a locale, the
// platform's own variant before the generic one. Language outranks platform: a Danish member gets
// the generic Danish text rather than the English variant written for their platform.

export type Variant = { locale: string; platform: string | null; body: string };

/** Canonical BCP 47 form ("da-dk" → "da-DK"), or null for something that is not a language tag. */
export function canonicalLocale(tag: string | null | undefined): string | null {
  if (!tag) return null;
  try {
    return Intl.getCanonicalLocales(tag.replace(/_/g, '-'))[0] ?? null;
  } catch {
    return null;
  }
}

/** Each tag, then its ancestors by dropping subtags from the right: "zh-Hant-TW" → zh-Hant-TW, zh-Hant, zh. */
function withAncestors(tag: string): string[] {
  const parts = tag.split('-');
  const out: string[] = [];
  for (let n = parts.length; n >= 1; n--) out.push(parts.slice(0, n).join('-'));
  return out;
}

/**
 * The locales to try, in order, without duplicates: e.g. member "da-DK", client default "en-GB" →
 * ["da-DK", "da", "en-GB", "en"]. English is always last (every response has an English text or
 * its first variant is used, see pickVariant).
 */
export function localeChain(
  requested: string | null | undefined,
  clientDefault?: string | null,
): string[] {
  const out: string[] = [];
  for (const t of [canonicalLocale(requested), canonicalLocale(clientDefault), 'en']) {
    if (!t) continue;
    for (const a of withAncestors(t)) if (!out.includes(a)) out.push(a);
  }
  return out;
}

export type PickedVariant<V extends Variant> = {
  variant: V;
  /** The chain entry that matched, or null when no locale matched and the first variant was used. */
  matchedLocale: string | null;
  /** True when the variant is not in the requested locale itself (the composer says so). */
  fellBack: boolean;
};

/**
 * The variant to offer for a member's locale and platform. For each locale of the chain: the
 * variant for this platform, else the generic (platform null) one. With no locale match at all, the
 * first generic variant (else the first variant). Returns null only for an empty list.
 */
export function pickVariant<V extends Variant>(
  variants: readonly V[],
  want: { locale?: string | null; platform?: string | null; clientDefaultLocale?: string | null },
): PickedVariant<V> | null {
  if (variants.length === 0) return null;
  const chain = localeChain(want.locale, want.clientDefaultLocale);
  const byLocale = new Map<string, V[]>();
  for (const v of variants) {
    const key = canonicalLocale(v.locale) ?? v.locale;
    const list = byLocale.get(key) ?? [];
    list.push(v);
    byLocale.set(key, list);
  }
  const requested = canonicalLocale(want.locale);
  for (const loc of chain) {
    const list = byLocale.get(loc);
    if (!list) continue;
    const v =
      (want.platform ? list.find((x) => x.platform === want.platform) : undefined) ??
      list.find((x) => x.platform === null);
    if (v) return { variant: v, matchedLocale: loc, fellBack: loc !== requested };
  }
  const v = variants.find((x) => x.platform === null) ?? variants[0]!;
  return { variant: v, matchedLocale: null, fellBack: true };
}
