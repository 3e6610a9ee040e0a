// @vitest-environment jsdom
// Every UI string goes through i18next: the keys the code uses exist in English, and Danish and
// Russian have the same keys as English (plural forms aside).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConversationStatus,
  DeliveryState,
  Priority,
  SourceHealthStatus,
} from '../../shared/domain/entities';
import { SlaMetric } from '../../shared/domain/sla';
import { SHORTCUTS } from '../../renderer/features/shortcuts/shortcuts';
import da from '../../renderer/i18n/da.json';
import en from '../../renderer/i18n/en.json';
import i18n, { initialLanguage, LANGUAGES } from '../../renderer/i18n';
import ru from '../../renderer/i18n/ru.json';

type Tree = { [k: string]: string | Tree };
const flatten = (t: Tree, prefix = ''): string[] =>
  Object.entries(t).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : flatten(v, `${prefix}${k}.`),
  );
/** Plural variants (count_one, count_few …) count as one key. */
const base = (keys: string[]) =>
  [...new Set(keys.map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')))].sort();

const rendererDir = join(__dirname, '..', '..', 'renderer');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory()
      ? sources(p)
      : /\.tsx?$/.test(f)
        ? [readFileSync(p, 'utf8')]
        : [];
  });

describe('translations', () => {
  const enKeys = base(flatten(en as Tree));

  it('Danish and Russian have every English key', () => {
    expect(base(flatten(da as Tree))).toEqual(enKeys);
    expect(base(flatten(ru as Tree))).toEqual(enKeys);
  });

  it('every literal key the renderer uses exists in English', () => {
    const used = new Set<string>();
    for (const src of sources(rendererDir)) {
      for (const m of src.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !enKeys.includes(k));
    expect(missing).toEqual([]);
  });

  it('every key built from a domain value exists (statuses, priorities, delivery, health, shortcuts …)', () => {
    const dynamic = [
      ...ConversationStatus.options.map((s) => `status.${s}`),
      ...Priority.options.map((p) => `priority.${p}`),
      ...DeliveryState.options.map((d) => `delivery.${d}`),
      ...SourceHealthStatus.options.map((h) => `health.${h}`),
      ...SlaMetric.options.map((m) => `sla.metric.${m}`),
      ...SHORTCUTS.map((s) => `help.${s.action}`),
      ...LANGUAGES.map((l) => `lang.${l}`),
      ...['queue', 'board', 'settings'].map((v) => `nav.${v}`),
      ...['any', 'me', 'unassigned'].map((a) => `filters.${a}`),
      ...['granted', 'denied', 'default', 'unsupported'].map(
        (p) => `settings.notificationsState.${p}`,
      ),
    ];
    expect(dynamic.filter((k) => !enKeys.includes(k))).toEqual([]);
  });

  it('Russian plural forms for counts', async () => {
    const t = i18n.getFixedT('ru');
    expect(t('queue.count', { count: 1 })).toBe('1 разговор');
    expect(t('queue.count', { count: 3 })).toBe('3 разговора');
    expect(t('queue.count', { count: 25 })).toBe('25 разговоров');
  });

  it('the default language comes from the browser when nothing was chosen', () => {
    localStorage.removeItem('steward.lang');
    const nav = Object.getOwnPropertyDescriptor(Navigator.prototype, 'language')!;
    Object.defineProperty(Navigator.prototype, 'language', {
      configurable: true,
      get: () => 'da-DK',
    });
    try {
      expect(initialLanguage()).toBe('da');
      localStorage.setItem('steward.lang', 'ru');
      expect(initialLanguage()).toBe('ru');
      localStorage.setItem('steward.lang', 'xx');
      expect(initialLanguage()).toBe('da');
      Object.defineProperty(Navigator.prototype, 'language', {
        configurable: true,
        get: () => 'fr-FR',
      });
      localStorage.removeItem('steward.lang');
      expect(initialLanguage()).toBe('en');
    } finally {
      Object.defineProperty(Navigator.prototype, 'language', nav);
      localStorage.removeItem('steward.lang');
    }
  });
});
