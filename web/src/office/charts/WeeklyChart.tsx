import type { OfficeDashboard } from '@anxin/shared';
import { formatFen, joinClauses } from '@anxin/shared';
import { useLayoutEffect, useRef, useState } from 'react';
import { useLang } from '../../i18n';
import { labelEvery, monthDay, niceTicks } from './ticks';

/** Chart text size in CSS pixels: the SVG is drawn one unit to one pixel, never scaled. */
const FONT = 12;
const AXIS_LEFT = 44;
const TOP = 22;
const PLOT_H = 200;
const BOTTOM = 30;
/** Narrowest week slot that still fits two bars with their values; wider ranges scroll. */
const MIN_SLOT = 56;
const COLORS = { received: '#0a4b8f', resolved: '#0d7a3f' } as const;

export interface WeeklyTexts {
  title: string;
  received: string;
  resolved: string;
  yAxis: string;
  summary: string;
  week: string;
  recovered: string;
  dataTable: string;
  empty: string;
  weekPoint: (p: { week: string; received: number; resolved: number }) => string;
}

/** The width of the element `ref` points at, followed as it changes (for a pixel-exact SVG). */
function useWidth(fallback: number) {
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth || fallback);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth || fallback));
    ro.observe(el);
    return () => ro.disconnect();
  }, [fallback]);
  return { ref, width };
}

/**
 * Received vs resolved per week as two bars a week: y ticks in round steps, the week's
 * Monday (M/D) under each pair, each bar's count above it, a legend, and the same figures
 * as a summary for screen readers and as a table to open. Hand-drawn SVG keeps the office
 * chunk small; it is drawn at its real pixel size so the 12 px text stays 12 px.
 */
export function WeeklyChart(props: { weeks: OfficeDashboard['weekly']; texts: WeeklyTexts }) {
  const { weeks, texts } = props;
  const lang = useLang();
  const { ref, width: boxWidth } = useWidth(720);
  const max = Math.max(0, ...weeks.flatMap((w) => [w.received, w.resolved]));
  const hasData = weeks.some((w) => w.received > 0 || w.resolved > 0);
  const ticks = niceTicks(max);
  const top = ticks.at(-1) ?? 1;
  const n = Math.max(1, weeks.length);
  const slot = Math.max(MIN_SLOT, (boxWidth - AXIS_LEFT - 8) / n);
  const width = Math.round(AXIS_LEFT + slot * n + 8);
  const height = TOP + PLOT_H + BOTTOM;
  const bar = Math.min(28, (slot - 14) / 2);
  const every = labelEvery(slot, 44);
  const y = (v: number) => TOP + PLOT_H - (v / top) * PLOT_H;
  const summary = joinClauses(
    [
      texts.summary,
      ...weeks.map((w) =>
        texts.weekPoint({ week: monthDay(w.weekOf), received: w.received, resolved: w.resolved }),
      ),
    ],
    lang,
  );

  return (
    <figure className="office-weekly">
      <ul className="office-legend">
        <li>
          <span className="office-swatch" style={{ background: COLORS.received }} />
          {texts.received}
        </li>
        <li>
          <span className="office-swatch" style={{ background: COLORS.resolved }} />
          {texts.resolved}
        </li>
      </ul>
      {!hasData && (
        <p className="office-empty" data-testid="weekly-empty">
          {texts.empty}
        </p>
      )}
      {/* Wide ranges (a year is 50 weeks) scroll sideways rather than shrink the text. */}
      <section
        ref={ref}
        className="office-chart-scroll"
        aria-label={texts.title}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways must be reachable by keyboard.
        tabIndex={0}
      >
        <svg
          className="office-chart"
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={summary}
          data-testid="weekly-chart"
          fontSize={FONT}
        >
          <text x={4} y={12} fontSize={FONT} fill="#333">
            {texts.yAxis}
          </text>
          {ticks.map((v) => (
            <g key={v} data-testid="y-tick">
              <line
                x1={AXIS_LEFT}
                x2={width - 8}
                y1={y(v)}
                y2={y(v)}
                stroke={v === 0 ? '#555' : '#e1e4e8'}
              />
              <text x={AXIS_LEFT - 6} y={y(v) + 4} textAnchor="end" fontSize={FONT} fill="#333">
                {v}
              </text>
            </g>
          ))}
          {weeks.map((w, i) => {
            const x0 = AXIS_LEFT + i * slot + (slot - 2 * bar) / 2;
            const bars = [
              {
                key: 'received',
                v: w.received,
                x: x0,
                color: COLORS.received,
                label: texts.received,
              },
              {
                key: 'resolved',
                v: w.resolved,
                x: x0 + bar,
                color: COLORS.resolved,
                label: texts.resolved,
              },
            ];
            return (
              <g key={w.weekOf}>
                {bars.map((b) => (
                  <g key={b.key}>
                    <rect
                      x={b.x}
                      y={y(b.v)}
                      width={bar - 1}
                      height={TOP + PLOT_H - y(b.v)}
                      fill={b.color}
                    >
                      <title>{`${monthDay(w.weekOf)} ${b.label} ${b.v}`}</title>
                    </rect>
                    <text
                      x={b.x + (bar - 1) / 2}
                      y={y(b.v) - 4}
                      textAnchor="middle"
                      fontSize={FONT}
                      fill="#111"
                      data-testid="bar-value"
                    >
                      {b.v}
                    </text>
                  </g>
                ))}
                {i % every === 0 && (
                  <text
                    x={AXIS_LEFT + i * slot + slot / 2}
                    y={TOP + PLOT_H + 18}
                    textAnchor="middle"
                    fontSize={FONT}
                    fill="#333"
                    data-testid="x-label"
                  >
                    {monthDay(w.weekOf)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </section>
      <details className="office-data-table">
        <summary>{texts.dataTable}</summary>
        <table className="office-table">
          <thead>
            <tr>
              <th>{texts.week}</th>
              <th className="num">{texts.received}</th>
              <th className="num">{texts.resolved}</th>
              <th className="num">{texts.recovered}</th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr key={w.weekOf}>
                <td>{w.weekOf}</td>
                <td className="num">{w.received}</td>
                <td className="num">{w.resolved}</td>
                <td className="num">{formatFen(w.recoveredFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
