import type { OfficeDashboard } from '@anxin/shared';
import {
  CASE_OUTCOME_LABELS,
  CASE_OUTCOMES,
  chinaDate,
  formatFen,
  INSURANCE_STATUS_LABELS,
} from '@anxin/shared';
import { useState } from 'react';
import { useDownload, useServerRead } from '../app/server-reads';
import { useLang } from '../i18n';
import { useWorkspaceTexts } from '../i18n/namespaces';
import { activeUnitIds, townName } from '../i18n/towns';
import type { DayRange } from './charts/date-range';
import { ShareBars } from './charts/ShareBars';
import { monthDay } from './charts/ticks';
import { WeeklyChart } from './charts/WeeklyChart';
import { DateRangePicker } from './DateRangePicker';

function pct(v: number | null): string {
  return v === null ? '—' : `${(v * 100).toFixed(1)}%`;
}

function Tile(props: { label: string; value: string; bad?: boolean }) {
  return (
    <div className={props.bad ? 'office-tile bad' : 'office-tile'} data-testid="tile">
      <div className="hint">{props.label}</div>
      <div className="value" data-testid="tile-value">
        {props.value}
      </div>
    </div>
  );
}

function Empty(props: { text: string; testId: string }) {
  return (
    <p className="office-empty" data-testid={props.testId}>
      {props.text}
    </p>
  );
}

/**
 * The managers' dashboard: cases by town and status, 1-3-7 compliance, money recovered,
 * workers helped, outcome mix, repeat-offender employers, weekly trend, late insurance
 * claims; filtered by receipt date range and town; exports to CSV/XLSX (each one audited).
 */
export function Dashboard() {
  const { t } = useWorkspaceTexts('office');
  const lang = useLang();
  const download = useDownload();
  // What the picker shows, and the last valid range (the one the figures are for): a
  // half-typed range with from after to never reaches the server.
  const [range, setRange] = useState<DayRange>({ from: '', to: '' });
  const [applied, setApplied] = useState<DayRange>(range);
  const [townId, setTownId] = useState('');
  const [personal, setPersonal] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const [month, setMonth] = useState('');
  const q = new URLSearchParams();
  if (applied.from) q.set('from', applied.from);
  if (applied.to) q.set('to', applied.to);
  if (townId) q.set('townId', townId);
  const dash = useServerRead<OfficeDashboard>(`/api/office/dashboard?${q.toString()}`);
  const d = dash.data;
  // Quick ranges end on the server's today, not the desk clock's.
  const today = chinaDate(d ? Date.parse(d.serverTime) : Date.now());

  const changeRange = (r: DayRange) => {
    setRange(r);
    if (r.from === '' || r.to === '' || r.from <= r.to) setApplied(r);
  };

  const exportAs = async (format: 'csv' | 'xlsx') => {
    const eq = new URLSearchParams(q);
    if (personal) eq.set('personal', '1');
    setExportError(await download(`/api/exports/cases.${format}?${eq.toString()}`));
  };

  // The figures a bureau sends upward, for one China-calendar month (the server's month
  // when none is picked).
  const exportMonthly = async () => {
    const mq = new URLSearchParams();
    if (month) mq.set('month', month);
    if (townId) mq.set('townId', townId);
    setExportError(await download(`/api/exports/monthly.xlsx?${mq.toString()}`));
  };

  const weeks = d?.weekly ?? [];
  const received = weeks.reduce((s, w) => s + w.received, 0);
  const resolved = weeks.reduce((s, w) => s + w.resolved, 0);

  return (
    <section aria-labelledby="dash-title">
      <h2 id="dash-title">{t('dashboard.title')}</h2>
      <div className="office-toolbar office-dash-filters">
        <DateRangePicker value={range} today={today} onChange={changeRange} />
        <label>
          {t('dashboard.town')}
          <select value={townId} onChange={(e) => setTownId(e.target.value)}>
            <option value="">{t('dashboard.all')}</option>
            {activeUnitIds().map((id) => (
              <option key={id} value={id}>
                {townName(id, lang)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="office-toolbar">
        <label className="office-check">
          <input
            type="checkbox"
            checked={personal}
            onChange={(e) => setPersonal(e.target.checked)}
          />
          {t('dashboard.personal')}
        </label>
        <button type="button" className="btn" onClick={() => void exportAs('csv')}>
          {t('dashboard.exportCsv')}
        </button>
        <button type="button" className="btn" onClick={() => void exportAs('xlsx')}>
          {t('dashboard.exportXlsx')}
        </button>
        <label>
          {t('dashboard.reportMonth')}
          <input
            type="month"
            value={month}
            max={today.slice(0, 7)}
            onChange={(e) => setMonth(e.target.value)}
          />
        </label>
        <button type="button" className="btn" onClick={() => void exportMonthly()}>
          {t('dashboard.exportMonthly')}
        </button>
      </div>
      {exportError && <p className="warn">{exportError}</p>}
      {dash.error && <p className="warn">{dash.error}</p>}
      {!d && dash.loading && <p role="status">{t('dashboard.loading')}</p>}
      {d && (
        <div aria-busy={dash.loading}>
          <p className="hint" data-testid="dashboard-period">
            {applied.from || applied.to
              ? t('dashboard.period', {
                  from: applied.from || t('dashboard.openStart'),
                  to: applied.to || today,
                })
              : t('dashboard.periodAll')}
          </p>
          <div className="office-tiles" data-testid="dashboard-tiles">
            <Tile label={t('dashboard.cases')} value={String(d.totals.cases)} />
            <Tile label={t('dashboard.open')} value={String(d.totals.open)} />
            <Tile label={t('dashboard.unassigned')} value={String(d.unassigned)} />
            <Tile label={t('dashboard.awaitingReview')} value={String(d.awaitingReview)} />
            <Tile
              label={t('dashboard.firstActionRate')}
              value={pct(d.compliance137.firstActionOnTimeRate)}
            />
            <Tile
              label={t('dashboard.warningNow')}
              value={String(d.compliance137.warningNow)}
              bad={d.compliance137.warningNow > 0}
            />
            <Tile
              label={t('dashboard.overdueNow')}
              value={String(d.compliance137.overdueNow)}
              bad={d.compliance137.overdueNow > 0}
            />
            <Tile
              label={t('dashboard.resolvedInTimeRate')}
              value={pct(d.compliance137.resolvedWithinDeadlineRate)}
            />
            <Tile label={t('dashboard.resolutionRate')} value={pct(d.resolutionRate)} />
            <Tile label={t('dashboard.recovered')} value={formatFen(d.totals.recoveredFen)} />
            <Tile label={t('dashboard.workersHelped')} value={String(d.totals.workersHelped)} />
            <Tile
              label={t('dashboard.lateClaims')}
              value={String(d.insurance.late)}
              bad={d.insurance.late > 0}
            />
          </div>
          <div className="card">
            <h3>{t('dashboard.weeklyTrend')}</h3>
            <WeeklyChart
              weeks={weeks}
              texts={{
                title: t('dashboard.weeklyChart'),
                received: t('dashboard.received'),
                resolved: t('dashboard.resolvedLegend'),
                yAxis: t('dashboard.yAxis'),
                summary: t('dashboard.weeklySummary', {
                  from: weeks[0] ? monthDay(weeks[0].weekOf) : '',
                  to: weeks.at(-1) ? monthDay(weeks.at(-1)!.weekOf) : '',
                  received,
                  resolved,
                }),
                week: t('dashboard.weekOf'),
                recovered: t('dashboard.recoveredInWeek'),
                dataTable: t('dashboard.dataTable'),
                empty: t('dashboard.weeklyEmpty'),
                weekPoint: (p) => t('dashboard.weekPoint', p),
              }}
            />
          </div>
          <div className="office-grid">
            <div className="card">
              <h3>{t('dashboard.outcomeMix')}</h3>
              <ShareBars
                title={t('dashboard.outcomeMix')}
                empty={t('dashboard.outcomeEmpty')}
                valueText={(p) => t('dashboard.shareValue', p)}
                rows={CASE_OUTCOMES.filter((o) => (d.outcomes[o] ?? 0) > 0).map((o) => ({
                  label: CASE_OUTCOME_LABELS[o][lang],
                  value: d.outcomes[o] ?? 0,
                }))}
              />
            </div>
            <div className="card">
              <h3>{t('dashboard.repeatEmployers')}</h3>
              {d.repeatEmployers.length === 0 ? (
                <Empty text={t('dashboard.repeatEmpty')} testId="repeat-empty" />
              ) : (
                <table className="office-table">
                  <thead>
                    <tr>
                      <th>{t('dashboard.employer')}</th>
                      <th>{t('dashboard.creditCode')}</th>
                      <th className="num">{t('dashboard.casesColumn')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.repeatEmployers.map((e) => (
                      <tr key={e.creditCode || e.name}>
                        <td>{e.name}</td>
                        <td>{e.creditCode || '—'}</td>
                        <td className="num">{e.cases}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          </div>
          <div className="card">
            <h3>{t('dashboard.byTown')}</h3>
            {d.byTown.length === 0 ? (
              <Empty text={t('dashboard.byTownEmpty')} testId="by-town-empty" />
            ) : (
              <table className="office-table" data-testid="by-town">
                <thead>
                  <tr>
                    <th>{t('dashboard.town')}</th>
                    <th className="num">{t('dashboard.casesColumn')}</th>
                    <th className="num">{t('dashboard.open')}</th>
                    <th className="num">{t('dashboard.warning')}</th>
                    <th className="num">{t('dashboard.overdue')}</th>
                    <th className="num">{t('dashboard.resolved')}</th>
                    <th className="num">{t('dashboard.workersHelped')}</th>
                    <th className="num">{t('dashboard.recovered')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.byTown.map((r) => (
                    <tr key={r.townId}>
                      <td>{townName(r.townId, lang)}</td>
                      <td className="num">{r.cases}</td>
                      <td className="num">{r.open}</td>
                      <td className="num">{r.warning}</td>
                      <td className={r.overdue > 0 ? 'num office-late' : 'num'}>{r.overdue}</td>
                      <td className="num">{r.resolved}</td>
                      <td className="num">{r.workersHelped}</td>
                      <td className="num">{formatFen(r.recoveredFen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <div className="card">
            <h3>{t('dashboard.satisfaction')}</h3>
            {d.satisfaction.length === 0 ? (
              <Empty text={t('dashboard.satisfactionEmpty')} testId="satisfaction-empty" />
            ) : (
              <table className="office-table" data-testid="satisfaction">
                <thead>
                  <tr>
                    <th>{t('dashboard.town')}</th>
                    <th className="num">{t('dashboard.ratingSatisfied')}</th>
                    <th className="num">{t('dashboard.ratingMostly')}</th>
                    <th className="num">{t('dashboard.ratingUnsatisfied')}</th>
                    <th className="num">{t('dashboard.satisfactionRate')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.satisfaction.map((u) => (
                    <tr key={u.unitId}>
                      <td>{townName(u.unitId, lang)}</td>
                      <td className="num">{u.satisfied}</td>
                      <td className="num">{u.mostly}</td>
                      <td className="num">{u.unsatisfied}</td>
                      <td className="num">{pct(u.rate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <div className="card">
            <h3>{t('dashboard.lateClaimsTitle')}</h3>
            {d.insurance.lateClaims.length === 0 ? (
              <Empty text={t('dashboard.noneLate')} testId="late-claims-empty" />
            ) : (
              <table className="office-table">
                <thead>
                  <tr>
                    <th>{t('dashboard.case')}</th>
                    <th>{t('dashboard.status')}</th>
                    <th>{t('dashboard.due')}</th>
                    <th className="num">{t('dashboard.amount')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.insurance.lateClaims.map((c) => (
                    <tr key={c.id} className="office-late">
                      <td>{c.caseId}</td>
                      <td>{INSURANCE_STATUS_LABELS[c.status][lang]}</td>
                      <td>{c.dueDate}</td>
                      <td className="num">{formatFen(c.amountFen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
