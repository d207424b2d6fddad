import type { OfficeDashboard } from '@anxin/shared';
import {
  CASE_OUTCOME_LABELS,
  CASE_OUTCOMES,
  formatFen,
  INSURANCE_STATUS_LABELS,
} from '@anxin/shared';
import { useState } from 'react';
import { useDownload, useServerRead } from '../app/server-reads';
import { useLang } from '../i18n';
import { useWorkspaceTexts } from '../i18n/namespaces';
import { activeUnitIds, townName } from '../i18n/towns';

function pct(v: number | null): string {
  return v === null ? '—' : `${(v * 100).toFixed(1)}%`;
}

function Tile(props: { label: string; value: string; bad?: boolean }) {
  return (
    <div className={props.bad ? 'office-tile bad' : 'office-tile'}>
      <div className="hint">{props.label}</div>
      <div className="value">{props.value}</div>
    </div>
  );
}

/** Received vs resolved per week: two bars a week, drawn as plain SVG (no chart library). */
function WeeklyChart(props: {
  weeks: OfficeDashboard['weekly'];
  title: string;
  legend: [string, string];
}) {
  const max = Math.max(1, ...props.weeks.flatMap((w) => [w.received, w.resolved]));
  const bw = 14;
  const gap = 10;
  const h = 160;
  const width = props.weeks.length * (2 * bw + gap) + 40;
  return (
    <figure>
      <svg
        className="office-chart"
        viewBox={`0 0 ${width} ${h + 30}`}
        role="img"
        aria-label={props.title}
      >
        <title>{props.title}</title>
        {props.weeks.map((w, i) => {
          const x = 30 + i * (2 * bw + gap);
          const rh = (w.received / max) * h;
          const sh = (w.resolved / max) * h;
          return (
            <g key={w.weekOf}>
              <rect x={x} y={h - rh} width={bw} height={rh} fill="#0b5cad">
                <title>{`${w.weekOf} ${props.legend[0]} ${w.received}`}</title>
              </rect>
              <rect x={x + bw} y={h - sh} width={bw} height={sh} fill="#1a7f37">
                <title>{`${w.weekOf} ${props.legend[1]} ${w.resolved}`}</title>
              </rect>
              <text x={x} y={h + 14} fontSize="9">
                {w.weekOf.slice(5)}
              </text>
            </g>
          );
        })}
        <text x={0} y={10} fontSize="10">
          {max}
        </text>
        <line x1={28} y1={h} x2={width} y2={h} stroke="#888" />
      </svg>
      <figcaption className="hint">
        <span style={{ color: '#0b5cad' }}>■</span> {props.legend[0]}{' '}
        <span style={{ color: '#1a7f37' }}>■</span> {props.legend[1]}
      </figcaption>
    </figure>
  );
}

/** Horizontal bars for a share-of-total breakdown (outcome mix). */
function Bars(props: { rows: Array<{ label: string; value: number }>; title: string }) {
  const total = props.rows.reduce((s, r) => s + r.value, 0) || 1;
  return (
    <table className="office-table" aria-label={props.title}>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.label}>
            <td>{r.label}</td>
            <td style={{ width: '50%' }}>
              <div
                style={{
                  background: '#0b5cad',
                  height: '0.8rem',
                  width: `${(r.value / total) * 100}%`,
                }}
              />
            </td>
            <td className="num">{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
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
  const [filter, setFilter] = useState({ from: '', to: '', townId: '' });
  const [personal, setPersonal] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const q = new URLSearchParams();
  if (filter.from) q.set('from', filter.from);
  if (filter.to) q.set('to', filter.to);
  if (filter.townId) q.set('townId', filter.townId);
  const dash = useServerRead<OfficeDashboard>(`/api/office/dashboard?${q.toString()}`);
  const d = dash.data;

  const exportAs = async (format: 'csv' | 'xlsx') => {
    const eq = new URLSearchParams(q);
    if (personal) eq.set('personal', '1');
    setExportError(await download(`/api/exports/cases.${format}?${eq.toString()}`));
  };

  return (
    <section aria-labelledby="dash-title">
      <h2 id="dash-title">{t('dashboard.title')}</h2>
      <div className="office-toolbar">
        <label>
          {t('dashboard.from')}
          <input
            type="date"
            value={filter.from}
            onChange={(e) => setFilter({ ...filter, from: e.target.value })}
          />
        </label>
        <label>
          {t('dashboard.to')}
          <input
            type="date"
            value={filter.to}
            onChange={(e) => setFilter({ ...filter, to: e.target.value })}
          />
        </label>
        <label>
          {t('dashboard.town')}
          <select
            value={filter.townId}
            onChange={(e) => setFilter({ ...filter, townId: e.target.value })}
          >
            <option value="">{t('dashboard.all')}</option>
            {activeUnitIds().map((id) => (
              <option key={id} value={id}>
                {townName(id, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>
            <input
              type="checkbox"
              checked={personal}
              onChange={(e) => setPersonal(e.target.checked)}
            />{' '}
            {t('dashboard.personal')}
          </span>
        </label>
        <button type="button" className="btn" onClick={() => void exportAs('csv')}>
          {t('dashboard.exportCsv')}
        </button>
        <button type="button" className="btn" onClick={() => void exportAs('xlsx')}>
          {t('dashboard.exportXlsx')}
        </button>
      </div>
      {exportError && <p className="warn">{exportError}</p>}
      {dash.error && <p className="warn">{dash.error}</p>}
      {!d && dash.loading && <p role="status">{t('dashboard.loading')}</p>}
      {d && (
        <>
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
          <div className="office-grid">
            <div className="card">
              <h3>{t('dashboard.weeklyTrend')}</h3>
              <WeeklyChart
                weeks={d.weekly}
                title={t('dashboard.weeklyChart')}
                legend={[t('dashboard.received'), t('dashboard.resolvedLegend')]}
              />
            </div>
            <div className="card">
              <h3>{t('dashboard.outcomeMix')}</h3>
              <Bars
                title={t('dashboard.outcomeMix')}
                rows={CASE_OUTCOMES.filter((o) => (d.outcomes[o] ?? 0) > 0).map((o) => ({
                  label: CASE_OUTCOME_LABELS[o][lang],
                  value: d.outcomes[o] ?? 0,
                }))}
              />
            </div>
          </div>
          <div className="card">
            <h3>{t('dashboard.byTown')}</h3>
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
          </div>
          <div className="office-grid">
            <div className="card">
              <h3>{t('dashboard.repeatEmployers')}</h3>
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
                      <td>{e.creditCode}</td>
                      <td className="num">{e.cases}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="card">
              <h3>{t('dashboard.lateClaimsTitle')}</h3>
              {d.insurance.lateClaims.length === 0 ? (
                <p>{t('dashboard.noneLate')}</p>
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
        </>
      )}
    </section>
  );
}
