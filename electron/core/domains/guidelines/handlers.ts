// electron/core/domains/guidelines: the guidelines room — a client's guideline (source + parsed),
// export/import, "check this text", and the overrides agents made on send, counted for reports.
import { GuidelineError, parseGuideline, type Guideline } from '../../../../shared/guidelines';
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import type { ClientGuideline } from '../../../../shared/ipc/domains/guidelines';
import { AppError } from '../../../../shared/ipc/result';
import { iso } from '../../db/rows';
import type { HandlerDeps } from '../deps';
import { checkText, languageDetector } from './check';

const slug = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'client';

export function createGuidelinesHandlers(
  d: HandlerDeps,
): RoomHandlers<
  | 'guidelines.get'
  | 'guidelines.set'
  | 'guidelines.import'
  | 'guidelines.export'
  | 'guidelines.check'
  | 'guidelines.overrides'
> {
  const { repos: r } = d;
  const client = (id: number) => {
    const c = r.clients.get(id);
    if (!c) throw new AppError('not_found', `Client ${id} not found`);
    return c;
  };
  const view = (clientId: number): ClientGuideline => {
    const g = r.guidelines.get(clientId);
    return g
      ? {
          clientId,
          format: g.format,
          source: g.source,
          guideline: g.guideline,
          updatedAt: iso(g.updatedAt),
        }
      : { clientId, format: null, source: '', guideline: null, updatedAt: null };
  };
  /** Parses first (a bad file changes nothing), then stores source and rules in one command. */
  const save =
    (command: string) =>
    (
      input: { clientId: number; source: string; format?: 'json' | 'yaml' },
      call: { agentId: number | null },
    ) => {
      client(input.clientId);
      const source = input.source;
      const empty = source.trim() === '';
      const format = input.format ?? (source.trimStart().startsWith('{') ? 'json' : 'yaml');
      let guideline: Guideline | undefined;
      if (!empty) {
        try {
          guideline = parseGuideline(source, format);
        } catch (e) {
          if (e instanceof GuidelineError)
            throw new AppError('invalid_input', `guideline: ${e.message}`);
          throw e;
        }
      }
      d.commands.run(
        call,
        command,
        { entity: 'client', id: input.clientId },
        ({ at }) => {
          if (guideline)
            r.guidelines.set({ clientId: input.clientId, format, source, guideline }, at);
          else r.guidelines.remove(input.clientId);
        },
        () => ({ format: empty ? null : format, rules: guideline?.rules.length ?? 0 }),
      );
      d.bus.emit('guidelines.changed', { clientId: input.clientId });
      return view(input.clientId);
    };
  return {
    'guidelines.get': ({ clientId }) => (client(clientId), view(clientId)),
    'guidelines.set': save('guideline.set'),
    'guidelines.import': save('guideline.import'),
    'guidelines.export': ({ clientId }) => {
      const c = client(clientId);
      const g = r.guidelines.get(clientId);
      if (!g) throw new AppError('not_found', `${c.name} has no guideline`);
      return {
        filename: `guideline-${slug(c.name)}.${g.format === 'json' ? 'json' : 'yaml'}`,
        mimeType: g.format === 'json' ? 'application/json' : 'application/yaml',
        text: g.source,
      };
    },
    'guidelines.check': async ({ clientId, text, platform, language, memberLanguage }) => {
      await languageDetector();
      client(clientId);
      const c = checkText(r.guidelines.get(clientId)?.guideline ?? null, text, {
        platform,
        language,
        memberLanguage,
      });
      return { findings: c.findings, blocksSend: c.blocks, language: c.language };
    },
    'guidelines.overrides': ({ clientId, from, to, limit }) => {
      client(clientId);
      const rows = r.guidelines.overrides(clientId, Date.parse(from), Date.parse(to));
      const byRule = new Map<string, number>();
      const byAgent = new Map<string, { agentId: number | null; name: string; count: number }>();
      for (const o of rows) {
        for (const id of o.ruleIds) byRule.set(id, (byRule.get(id) ?? 0) + 1);
        const k = String(o.agentId);
        const a = byAgent.get(k) ?? { agentId: o.agentId, name: o.agentName, count: 0 };
        a.count++;
        byAgent.set(k, a);
      }
      return {
        count: rows.length,
        byRule: [...byRule]
          .map(([ruleId, count]) => ({ ruleId, count }))
          .sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId)),
        byAgent: [...byAgent.values()].sort(
          (a, b) => b.count - a.count || a.name.localeCompare(b.name),
        ),
        items: rows.slice(0, limit).map((o) => ({ ...o, at: iso(o.at) })),
      };
    },
  };
}
