import { LakelabError } from "../errors";
import { colour, esc, fmt, svgOpen, text } from "./svg";

/** One run's metrics, under the label the chart shows for it. */
export interface ChartRun {
  readonly label: string;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface MetricsChartOptions {
  /** Which metrics to plot, in order; default: every metric all runs share. */
  readonly metrics?: readonly string[];
  readonly title?: string;
}

const LEFT = 130;
const PLOT_W = 380;
const ROW_H = 16;
const TOP = 62;

/**
 * A lollipop chart comparing runs: one band per metric, one line per run, the value printed
 * at the right. The axis spans the values' range (padded), not 0..1, so that 0.981 and 0.987
 * are told apart; the printed values keep it honest.
 * @example display.svg(metricsChartSvg(runs.map((r) => ({ label: r.name, metrics: r.metrics }))))
 */
export function metricsChartSvg(runs: readonly ChartRun[], options: MetricsChartOptions = {}): string {
  const names = options.metrics ?? sharedMetrics(runs);
  for (const m of names) {
    const missing = runs.find((r) => !Number.isFinite(r.metrics[m]));
    if (missing) {
      throw new LakelabError(
        "INVALID_ARGUMENT",
        `run '${missing.label}' has no finite value for metric '${m}'`,
        {
          context: { run: missing.label, metric: m },
        },
      );
    }
  }
  const values = names.flatMap((m) => runs.map((r) => r.metrics[m]));
  const [lo, hi, step] = domain(values);
  const xOf = (v: number) => LEFT + ((v - lo) / (hi - lo)) * PLOT_W;
  const bandH = runs.length * ROW_H + 18;
  const height = TOP + names.length * bandH + 34;
  const width = LEFT + PLOT_W + 90;
  const title = options.title ?? "Metrics by run";
  const out = [svgOpen(width, height, title), text(16, 24, title, 'font-size="15" font-weight="bold"')];
  out.push(legend(runs));
  names.forEach((m, b) => {
    const top = TOP + b * bandH;
    if (b % 2 === 0)
      out.push(`<rect x="8" y="${top}" width="${width - 16}" height="${bandH}" fill="#f4f6f8"/>`);
    out.push(text(16, top + bandH / 2 + 4, m, 'font-weight="bold"'));
    runs.forEach((r, k) => {
      const y = top + 12 + k * ROW_H;
      const v = r.metrics[m];
      out.push(
        `<g><title>${esc(`${r.label}: ${m} = ${v}`)}</title>`,
        `<line x1="${LEFT}" y1="${y}" x2="${fmt(xOf(v))}" y2="${y}" stroke="${colour(k)}" stroke-width="2"/>`,
        `<circle cx="${fmt(xOf(v))}" cy="${y}" r="5" fill="${colour(k)}"/>`,
        text(LEFT + PLOT_W + 12, y + 4, formatValue(v), `fill="${colour(k)}" font-family="monospace"`),
        "</g>",
      );
    });
  });
  out.push(axis(lo, hi, step, xOf, TOP + names.length * bandH), "</svg>");
  return out.join("");
}

/** Metrics present in every run, in first-seen order. */
function sharedMetrics(runs: readonly ChartRun[]): string[] {
  const first = runs.length > 0 ? Object.keys(runs[0].metrics) : [];
  return first.filter((m) => runs.every((r) => Number.isFinite(r.metrics[m])));
}

/**
 * The values' range padded by 15% (at least 0.005) and widened to round tick steps, kept inside
 * [0, 1] when the values are. Returns [lo, hi, step].
 */
export function domain(values: readonly number[]): [number, number, number] {
  if (values.length === 0) return [0, 1, 0.25];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = Math.max((max - min) * 0.15, Math.abs(max) * 0.005, 0.005);
  const step = niceStep((max - min + 2 * pad) / 4);
  let lo = clean(Math.floor((min - pad) / step) * step);
  let hi = clean(Math.ceil((max + pad) / step) * step);
  if (min >= 0 && max <= 1) [lo, hi] = [Math.max(0, lo), Math.min(1, hi)];
  return [lo, hi, step];
}

/** Drops float noise such as 0.9500000000000001. */
function clean(x: number): number {
  return Number(x.toPrecision(12));
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw - 1e-12) ?? 10 * p;
}

function legend(runs: readonly ChartRun[]): string {
  let x = 16;
  return runs
    .map((r, k) => {
      const item = `<circle cx="${x + 5}" cy="44" r="5" fill="${colour(k)}"/>${text(x + 14, 48, r.label)}`;
      x += 24 + r.label.length * 7;
      return item;
    })
    .join("");
}

function axis(lo: number, hi: number, step: number, xOf: (v: number) => number, y: number): string {
  const n = Math.round((hi - lo) / step);
  const ticks = Array.from({ length: n + 1 }, (_, i) => clean(lo + i * step));
  const marks = ticks.map(
    (t) =>
      `<line x1="${fmt(xOf(t))}" y1="${y}" x2="${fmt(xOf(t))}" y2="${y + 5}" stroke="#555"/>${text(xOf(t), y + 18, tickLabel(t, step), 'text-anchor="middle" font-size="10.5" fill="#555"')}`,
  );
  return `<line x1="${LEFT}" y1="${y}" x2="${LEFT + PLOT_W}" y2="${y}" stroke="#555"/>${marks.join("")}`;
}

function tickLabel(t: number, step: number): string {
  return t.toFixed(Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
}

function formatValue(v: number): string {
  return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en-US") : v.toPrecision(4);
}
