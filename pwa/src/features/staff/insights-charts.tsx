// The insights' charts, drawn as plain SVG and HTML (no chart library: two chart shapes need less code
// than any library's smallest build). Only exact figures are drawn; a hidden figure or a range
// ("≤ 5%") leaves a gap and is written instead. Every chart has an accessible name and the same
// figures as a table after it, closed on screen and opened for printing.
import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import { lang, t } from "../../i18n";

/** One figure as the charts need it: the value when it may be drawn, and its words always. */
export type Cell = { value: number | null; display: string };
export type Series = { name: string; cells: (Cell | undefined)[] };

function drawn(c: Cell | undefined): number | null {
  return c && c.value !== null && Number.isFinite(c.value) ? c.value : null;
}

/** A round top for the value axis: 1, 2 or 5 times a power of ten, at least `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].map((m) => m * step).find((v) => v >= max) ?? 10 * step);
}

function tick(value: number, rate: boolean): string {
  return new Intl.NumberFormat(lang.value, rate ? { style: "percent", maximumFractionDigits: 0 } : { maximumFractionDigits: 1 }).format(value);
}

/** A table that may be wider than a phone: it scrolls sideways by itself, reachable by keyboard. */
export function ScrollTable({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={name} tabIndex={0}>
      {children}
    </div>
  );
}

export function ChartTable({ title, rowHeader, rows, series }: { title: string; rowHeader: string; rows: string[]; series: Series[] }) {
  return (
    <details class="chart-table">
      <summary>{t("staff.insightsShowTable")}</summary>
      <ScrollTable name={title}>
        <table class="figures">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{rowHeader}</th>
              {series.map((s) => (
                <th key={s.name} scope="col">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row}>
                <th scope="row">{row}</th>
                {series.map((s) => (
                  <td key={s.name}>{s.cells[i]?.display ?? t("staff.insightsNone")}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </details>
  );
}

function Legend({ series }: { series: Series[] }) {
  if (series.length < 2) return null;
  return (
    <ul class="chart-legend" aria-hidden="true">
      {series.map((s, i) => (
        <li key={s.name}>
          <span class={`swatch s${i}`} />
          {s.name}
        </li>
      ))}
    </ul>
  );
}

function Figure({ title, children, table }: { title: string; children: ComponentChildren; table: ComponentChildren }) {
  const id = useId();
  return (
    <figure class="chart" aria-labelledby={id}>
      <figcaption id={id}>{title}</figcaption>
      {children}
      {table}
    </figure>
  );
}

// Small enough that its 12-unit labels stay readable on a 360 px phone, where it is drawn near 1:1.
const W = 320;
const H = 180;
const PAD = { top: 12, right: 18, bottom: 30, left: 40 };

/** Figures over time, one line per series; a period without an exact figure breaks the line. */
export function LineChart({ title, periods, series, rate = false }: { title: string; periods: { short: string; long: string }[]; series: Series[]; rate?: boolean }) {
  const values = series.flatMap((s) => s.cells.map(drawn)).filter((v): v is number => v !== null);
  const top = rate ? 1 : niceMax(Math.max(0, ...values));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (periods.length < 2 ? plotW / 2 : (i * plotW) / (periods.length - 1));
  const y = (v: number) => PAD.top + plotH - (Math.max(0, v) / top) * plotH;
  const ticks = [0, top / 2, top];
  // Label every period when they fit, else every other one (the table has them all).
  const every = periods.length > 8 ? 2 : 1;
  return (
    <Figure title={title} table={<ChartTable title={title} rowHeader={t("staff.insightsPeriodCol")} rows={periods.map((p) => p.long)} series={series} />}>
      <Legend series={series} />
      <svg class="line-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t("staff.insightsChart", { title })}>
        {ticks.map((v) => (
          <g key={v}>
            <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text class="axis" x={PAD.left - 6} y={y(v) + 4} text-anchor="end">
              {tick(v, rate)}
            </text>
          </g>
        ))}
        {periods.map((p, i) =>
          i % every === (periods.length - 1) % every ? (
            <text key={p.long} class="axis" x={x(i)} y={H - PAD.bottom + 18} text-anchor="middle">
              {p.short}
            </text>
          ) : null,
        )}
        {series.map((s, n) => {
          // Runs of drawable figures: each run is a line; a lone figure is a dot.
          const runs: [number, number][][] = [[]];
          s.cells.forEach((c, i) => {
            const v = drawn(c);
            if (v === null) runs.push([]);
            else runs[runs.length - 1]!.push([x(i), y(v)]);
          });
          return (
            <g key={s.name} class={`series s${n}`}>
              {runs
                .filter((r) => r.length > 1)
                .map((r, k) => (
                  <polyline key={k} points={r.map(([a, b]) => `${a},${b}`).join(" ")} />
                ))}
              {runs.flat().map(([a, b]) => (
                <circle key={`${a}`} cx={a} cy={b} r={3.5} />
              ))}
            </g>
          );
        })}
      </svg>
    </Figure>
  );
}

/** Groups side by side as horizontal bars, one bar per series; a figure that may not be drawn is
 *  written where its bar would be. Rates are drawn against 100 %, counts against the largest. */
export function BarChart({ title, rowHeader, groups, series, rate = false }: { title: string; rowHeader: string; groups: string[]; series: Series[]; rate?: boolean }) {
  const values = series.flatMap((s) => s.cells.map(drawn)).filter((v): v is number => v !== null);
  const top = rate ? 1 : Math.max(1, ...values);
  return (
    <Figure title={title} table={<ChartTable title={title} rowHeader={rowHeader} rows={groups} series={series} />}>
      <Legend series={series} />
      <div class="bar-chart" role="img" aria-label={t("staff.insightsChart", { title })}>
        {groups.map((g, i) => (
          <div key={g} class="bar-group">
            <div class="bar-label">{g}</div>
            {series.map((s, n) => {
              const c = s.cells[i];
              const v = drawn(c);
              return (
                <div key={s.name} class={`bar-row s${n}`}>
                  {v !== null && <span class="bar" style={{ width: `${Math.max(0.5, (v / top) * 100) * 0.8}%` }} />}
                  <span class={v === null ? "bar-value gap" : "bar-value"}>{c?.display ?? t("staff.insightsNone")}</span>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </Figure>
  );
}
