// The renderer's copies of the domain enumerations (kept free of zod) match the schemas.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConversationStatus, Priority } from '../../shared/domain/entities';
import { SlaMetric } from '../../shared/domain/sla';
import { FeedbackKind } from '../../shared/domain/tags';
import {
  FEEDBACK_KINDS,
  PRIORITIES,
  SLA_METRICS,
  STATUSES,
} from '../../renderer/components/domain';

describe('renderer enumerations', () => {
  it('list the schema options in order', () => {
    expect(STATUSES).toEqual(ConversationStatus.options);
    expect(PRIORITIES).toEqual(Priority.options);
    expect(SLA_METRICS).toEqual(SlaMetric.options);
    expect(FEEDBACK_KINDS).toEqual(FeedbackKind.options);
  });
});

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });

describe('renderer bundle', () => {
  it('imports schemas (zod) as types only: validation runs in the core, not in the bundle', () => {
    const offenders = files(join(__dirname, '..', '..', 'renderer')).filter((p) =>
      /^import (?!type )[^;]*from '(zod|[./]*shared\/(domain|ipc\/contract|ipc\/dispatch)[^']*)'/m.test(
        readFileSync(p, 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
