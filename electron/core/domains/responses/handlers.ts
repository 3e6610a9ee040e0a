// electron/core/domains/responses: the responses room — canned-response libraries (per client and
// agency-wide), use counts per response, client and agent, the "not used in N days" list, and
// CSV/JSON import/export (shared/responses; the core binds csv-parse/sync and csv-stringify/sync,
// whose typings would pull Node's types into shared/).
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import type { ResponseRecord } from '../../../../shared/ipc/domains/responses';
import { AppError } from '../../../../shared/ipc/result';
import {
  CannedResponse,
  CSV_COLUMNS,
  effectiveLibrary,
  exportResponsesCsv,
  exportResponsesJson,
  formatImportError,
  importResponsesCsv,
  importResponsesJson,
  type CsvLib,
  type ImportError,
} from '../../../../shared/responses';
import { iso } from '../../db/rows';
import type { HandlerDeps } from '../deps';
import type { ResponseWrite } from './repo';

const csv: CsvLib = { parse, stringify };
const DAY_MS = 86_400_000;
const slug = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'client';

/** The file form (shared/responses) of a stored response: the client id as text. */
export function toCanned(r: ResponseRecord | ResponseWrite): CannedResponse {
  return {
    id: r.id,
    clientId: r.clientId === null ? null : String(r.clientId),
    overrides: r.overrides,
    shortcut: r.shortcut,
    title: r.title,
    folder: r.folder,
    tags: r.tags,
    variants: r.variants,
  };
}

export function createResponsesHandlers(
  d: HandlerDeps,
): RoomHandlers<
  | 'responses.list'
  | 'responses.library'
  | 'responses.save'
  | 'responses.delete'
  | 'responses.used'
  | 'responses.stale'
  | 'responses.export'
  | 'responses.import'
> {
  const { repos: r } = d;
  const clientOrNull = (id: number | null) => {
    if (id === null) return null;
    const c = r.clients.get(id);
    if (!c) throw new AppError('not_found', `Client ${id} not found`);
    return c;
  };
  const library = (clientId: number): ResponseRecord[] => {
    const all = [...r.responses.list(clientId), ...r.responses.list(null)];
    return effectiveLibrary(
      all.map((x) => ({ ...x, clientId: x.clientId === null ? null : String(x.clientId) })),
      String(clientId),
    ).map((x) => all.find((y) => y.id === x.id)!);
  };
  /**
   * The checks beyond the file format for one response going into a library (null: agency). Returns
   * problems as [field, message]; `pending` holds the shortcuts/ids claimed earlier in the same import.
   */
  const problems = (
    w: ResponseWrite,
    pending?: { shortcuts: Map<string, string> },
  ): [string, string][] => {
    const out: [string, string][] = [];
    const existing = r.responses.get(w.id);
    if (existing && existing.clientId !== w.clientId)
      out.push(['id', `"${w.id}" belongs to another library`]);
    const holder = r.responses.idByShortcut(w.clientId, w.shortcut);
    if (holder && holder !== w.id)
      out.push(['shortcut', `#${w.shortcut} is already used by response "${holder}"`]);
    const key = w.shortcut.toLowerCase();
    const other = pending?.shortcuts.get(key);
    if (other && other !== w.id)
      out.push(['shortcut', `#${w.shortcut} is used twice in this file (also "${other}")`]);
    pending?.shortcuts.set(key, w.id);
    if (w.overrides !== null) {
      if (w.clientId === null)
        out.push(['overrides', 'only a client response can override an agency response']);
      else if (r.responses.get(w.overrides)?.clientId !== null)
        out.push(['overrides', `"${w.overrides}" is not an agency-wide response`]);
    }
    return out;
  };
  const changed = (clientId: number | null) => d.bus.emit('responses.changed', { clientId });

  return {
    'responses.list': ({ clientId }) => (clientOrNull(clientId), r.responses.list(clientId)),
    'responses.library': ({ clientId }, call) => {
      clientOrNull(clientId);
      return {
        responses: library(clientId),
        usage: call.agentId == null ? {} : r.responses.usage(clientId, call.agentId),
        totals: r.responses.usage(clientId, null),
      };
    },
    'responses.save': ({ response }, call) => {
      clientOrNull(response.clientId);
      const w: ResponseWrite = {
        ...response,
        id: response.id ?? `r-${randomUUID()}`,
        overrides: response.overrides ?? null,
      };
      // The full schema (every variant body a valid template, no duplicate locale/platform pair).
      const parsed = CannedResponse.safeParse(toCanned(w));
      if (!parsed.success)
        throw new AppError(
          'invalid_input',
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        );
      const bad = problems(w);
      if (bad.length) throw new AppError('conflict', bad.map(([f, m]) => `${f}: ${m}`).join('; '));
      const existed = r.responses.get(w.id) !== null;
      const saved = d.commands.run(
        call,
        'response.save',
        { entity: 'response', id: w.id },
        ({ at }) => r.responses.upsert(w, at),
        (x) => ({ clientId: x.clientId, shortcut: x.shortcut, created: !existed }),
      );
      changed(w.clientId);
      return saved;
    },
    'responses.delete': ({ id }, call) => {
      const cur = r.responses.get(id);
      if (!cur) throw new AppError('not_found', `Response ${id} not found`);
      d.commands.run(
        call,
        'response.delete',
        { entity: 'response', id },
        () => r.responses.delete(id),
        () => ({ clientId: cur.clientId, shortcut: cur.shortcut }),
      );
      changed(cur.clientId);
      return { deleted: true };
    },
    'responses.used': ({ responseId, conversationId }, call) => {
      const conv = r.conversations.get(conversationId);
      if (!conv) throw new AppError('not_found', `Conversation ${conversationId} not found`);
      if (!library(conv.clientId).some((x) => x.id === responseId))
        throw new AppError('not_found', `Response ${responseId} is not in this client's library`);
      const uses = d.commands.run(
        call,
        'response.use',
        { entity: 'response', id: responseId },
        ({ actor, at }) => r.responses.use(responseId, conv.clientId, actor.id, at),
        () => ({ clientId: conv.clientId, conversationId }),
      );
      return { uses };
    },
    'responses.stale': ({ clientId, days }) => {
      clientOrNull(clientId);
      const cutoff = d.clock.now() - days * DAY_MS;
      const last = r.responses.lastUsed(clientId);
      const totals = r.responses.usage(clientId, null);
      return library(clientId)
        .map((x) => ({ x, lastUsed: last.get(x.id) ?? null }))
        .filter(({ x, lastUsed }) => Math.max(lastUsed ?? 0, Date.parse(x.createdAt)) < cutoff)
        .sort((a, b) => (a.lastUsed ?? 0) - (b.lastUsed ?? 0) || a.x.title.localeCompare(b.x.title))
        .map(({ x, lastUsed }) => ({
          response: x,
          lastUsedAt: lastUsed === null ? null : iso(lastUsed),
          uses: totals[x.id] ?? 0,
        }));
    },
    'responses.export': ({ clientId, format }) => {
      const c = clientOrNull(clientId);
      const list = r.responses.list(clientId).map(toCanned);
      const name = `responses-${c ? slug(c.name) : 'agency'}.${format}`;
      return format === 'csv'
        ? { filename: name, mimeType: 'text/csv', text: exportResponsesCsv(list, csv) }
        : { filename: name, mimeType: 'application/json', text: exportResponsesJson(list) };
    },
    'responses.import': ({ clientId, format, text }, call) => {
      clientOrNull(clientId);
      const res = format === 'csv' ? importResponsesCsv(text, csv) : importResponsesJson(text);
      const errors: ImportError[] = [...res.errors];
      // Where each response starts in the file (for the library checks' errors).
      const rowOf = new Map<string, { row: number; line?: number }>();
      if (format === 'csv' && res.responses.length) {
        try {
          const recs = parse(text, {
            bom: true,
            info: true,
            relax_column_count: true,
            skip_empty_lines: true,
          }) as unknown as { record: string[]; info: { lines: number } }[];
          const idCol =
            recs[0]?.record.map((h) => h.trim().toLowerCase()).indexOf(CSV_COLUMNS[0]) ?? -1;
          let line = 2;
          recs.slice(1).forEach(({ record, info }, k) => {
            const id = (record[idCol] ?? '').replace(/^'(?=[=+\-@\t\r])/, '');
            if (!rowOf.has(id)) rowOf.set(id, { row: k + 1, line });
            line = info.lines + 1;
          });
        } catch {
          // Already reported by importResponsesCsv.
        }
      } else res.responses.forEach((x, k) => rowOf.set(x.id, { row: k + 1 }));
      const want = clientId === null ? null : String(clientId);
      const pending = { shortcuts: new Map<string, string>() };
      const writes: ResponseWrite[] = [];
      for (const x of res.responses) {
        const where = rowOf.get(x.id) ?? { row: 0 };
        if (x.clientId !== null && x.clientId !== want) {
          errors.push({
            ...where,
            field: 'client_id',
            message: `is "${x.clientId}", but this library is ${want === null ? 'the agency library (empty)' : `client "${want}"`}`,
          });
          continue;
        }
        const w: ResponseWrite = { ...x, clientId };
        for (const [field, message] of problems(w, pending))
          errors.push({ ...where, field, message });
        writes.push(w);
      }
      errors.sort((a, b) => a.row - b.row);
      if (errors.length)
        return {
          ok: false,
          created: 0,
          updated: 0,
          errors: errors.map((e) => ({ ...e, text: formatImportError(e) })),
        };
      const counts = d.commands.run(
        call,
        'response.import',
        { entity: 'client', id: clientId ?? 0 },
        ({ at }) => {
          let created = 0;
          for (const w of writes) {
            if (!r.responses.get(w.id)) created++;
            r.responses.upsert(w, at);
          }
          return { created, updated: writes.length - created };
        },
        (c) => ({ format, ...c }),
      );
      changed(clientId);
      return { ok: true, ...counts, errors: [] };
    },
  };
}
