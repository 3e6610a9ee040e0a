// renderer/features/sla: the team lead's board — breaching soon, breached and paused clocks,
// grouped by client or by agent, live; reassign from the board.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlaBoardRow } from '../../../shared/ipc/contract';
import { agentsOptions, boardOptions, useApi, useAssign } from '../../api/queries';
import { formatDateTime } from '../../components/time';
import { useUiStore } from '../../store/useUiStore';
import { Countdown } from '../../components/Countdown';

const STATES = ['breached', 'breaching_soon', 'paused'] as const;
const STATE_LABEL = {
  breached: 'sla.breached',
  breaching_soon: 'sla.breachingSoon',
  paused: 'sla.paused',
} as const;

export function SlaBoard() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [soon, setSoon] = useState(60);
  const [groupBy, setGroupBy] = useState<'client' | 'agent'>('client');
  const board = useQuery(boardOptions(api, soon));
  const agents = useQuery(agentsOptions(api));
  const assign = useAssign();
  const rows = board.data ?? [];
  const groupKey = (r: SlaBoardRow) =>
    groupBy === 'client' ? r.clientName : (r.assigneeName ?? t('sla.nobody'));
  const groups = [...new Set(rows.map(groupKey))].sort();
  const open = (id: number) => {
    useUiStore.getState().select(-1, id);
    useUiStore.getState().setView('queue');
  };

  return (
    <main className="board" data-testid="sla-board">
      <header className="board-header">
        <h1>{t('sla.board')}</h1>
        <label>
          {t('sla.soonWithin', { minutes: soon })}{' '}
          <input
            type="range"
            min={15}
            max={480}
            step={15}
            value={soon}
            onChange={(e) => setSoon(Number(e.target.value))}
          />
        </label>
        <div className="tabs">
          <button
            type="button"
            className={groupBy === 'client' ? 'active' : ''}
            onClick={() => setGroupBy('client')}
          >
            {t('sla.byClient')}
          </button>
          <button
            type="button"
            className={groupBy === 'agent' ? 'active' : ''}
            onClick={() => setGroupBy('agent')}
          >
            {t('sla.byAgent')}
          </button>
        </div>
        <div className="board-totals">
          {STATES.map((s) => (
            <span key={s} className={`total ${s}`}>
              {t(STATE_LABEL[s])}: {rows.filter((r) => r.state === s).length}
            </span>
          ))}
        </div>
      </header>
      {rows.length === 0 && <p className="muted">{t('sla.empty')}</p>}
      {groups.map((g) => (
        <section key={g} className="board-group">
          <h2>{g}</h2>
          <div className="board-columns">
            {STATES.map((s) => (
              <div key={s} className={`board-col ${s}`}>
                <h3>{t(STATE_LABEL[s])}</h3>
                {rows
                  .filter((r) => groupKey(r) === g && r.state === s)
                  .map((r) => (
                    <div
                      key={`${r.conversationId}-${r.metric}`}
                      className="board-card"
                      data-testid="board-card"
                      data-state={r.state}
                    >
                      <button
                        type="button"
                        className="link title"
                        onClick={() => open(r.conversationId)}
                      >
                        {r.title}
                      </button>
                      <div className="muted">
                        <span className="client-dot" style={{ background: r.clientColor }} />{' '}
                        {r.clientName} · {t(`sla.metric.${r.metric}`)}
                      </div>
                      <div
                        title={
                          r.dueAt
                            ? `${formatDateTime(r.dueAt, i18n.language, r.clientTimezone)} (${r.clientTimezone}) · ${formatDateTime(r.dueAt, i18n.language)}`
                            : ''
                        }
                      >
                        <Countdown dueAt={r.dueAt} paused={r.state === 'paused'} />
                      </div>
                      <label className="muted">
                        {t('sla.reassign')}{' '}
                        <select
                          value={r.assigneeId ?? ''}
                          onChange={(e) =>
                            assign.mutate({
                              id: r.conversationId,
                              assigneeId: e.target.value ? Number(e.target.value) : null,
                            })
                          }
                        >
                          <option value="">{t('sla.nobody')}</option>
                          {agents.data?.map((a) => (
                            <option key={a.id} value={a.id}>
                              {a.name}
                            </option>
                          ))}
                        </select>
                      </label>
                    </div>
                  ))}
              </div>
            ))}
          </div>
        </section>
      ))}
    </main>
  );
}
