/**
 * Outbreak plots: a simulation result (src/simulate/types.ts) as a self-contained SVG with axes,
 * legend, the Monte Carlo 5–95% band, and the measured outbreak figures overlaid for the historical
 * scenarios (CAIDA's 359,104 hosts by 00:00 UTC, Slammer's 90% in 10 min). For `fleet`, one
 * ever-infected curve per patch regime. PNG is the same SVG rasterised by @resvg/resvg-js.
 *
 * Hand-written rather than a charting library: the plot is one figure of a few polylines, and the
 * libraries (vega, d3 + jsdom) would bring a DOM and megabytes for it; the output must be a
 * deterministic string so tests can compare it.
 */
import { Resvg } from '@resvg/resvg-js';
import type { SimulationResult } from '../simulate/types.js';

const WIDTH = 880;
const HEIGHT = 520;
const MARGIN = { left: 84, right: 24, top: 56, bottom: 64 };
const COLORS = {
  susceptible: '#1f77b4',
  infected: '#d62728',
  everInfected: '#ff7f0e',
  removed: '#2ca02c',
  band: '#d62728',
  measured: '#000000',
  regimes: ['#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#1f77b4', '#2ca02c'],
} as const;

interface Line {
  label: string;
  color: string;
  values: readonly number[];
  dashed?: boolean;
}

export function renderSimulationSvg(result: SimulationResult): string {
  const times = result.series.map((point) => point.t);
  const horizon = times[times.length - 1] ?? 1;
  const unit = timeUnit(horizon);
  const lines: Line[] = [];
  if (result.fleet) {
    result.fleet.regimes.forEach((regime, index) => {
      lines.push({
        label: `${regime.label}: ${formatCount(regime.expectedInfected)} infected`,
        color: COLORS.regimes[index % COLORS.regimes.length] ?? '#000',
        values: regime.everInfected,
      });
    });
  } else {
    lines.push(
      { label: 'susceptible', color: COLORS.susceptible, values: result.series.map((p) => p.susceptible) },
      { label: 'infected', color: COLORS.infected, values: result.series.map((p) => p.infected) },
      {
        label: 'ever infected',
        color: COLORS.everInfected,
        values: result.series.map((p) => p.everInfected),
        dashed: true,
      },
    );
    if (result.series.some((point) => point.removed > 0)) {
      lines.push({
        label: 'removed (patched, cleaned, filtered)',
        color: COLORS.removed,
        values: result.series.map((p) => p.removed),
      });
    }
  }
  const measured = result.measured;
  const yMax = niceCeiling(
    Math.max(
      1,
      ...lines.flatMap((line) => line.values),
      ...(result.bands && !result.fleet ? result.bands.p95 : []),
      ...measured.map((point) => point.infected),
    ),
  );
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (t: number): number => MARGIN.left + (t / horizon) * plotWidth;
  const y = (value: number): number => MARGIN.top + plotHeight - (value / yMax) * plotHeight;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(result.title)}</text>`,
    `<text x="${WIDTH / 2}" y="42" text-anchor="middle" fill="#555">${escapeXml(subtitle(result))}</text>`,
  );
  // Grid and axes.
  for (const tick of ticks(yMax)) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${fmt(y(tick))}" y2="${fmt(y(tick))}" stroke="#e5e5e5"/>`,
      `<text x="${MARGIN.left - 8}" y="${fmt(y(tick) + 4)}" text-anchor="end">${formatCount(tick)}</text>`,
    );
  }
  for (const tick of ticks(horizon / unit.seconds, 7)) {
    const px = x(tick * unit.seconds);
    parts.push(
      `<line x1="${fmt(px)}" x2="${fmt(px)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotHeight}" stroke="#f0f0f0"/>`,
      `<text x="${fmt(px)}" y="${MARGIN.top + plotHeight + 18}" text-anchor="middle">${formatTick(tick)}</text>`,
    );
  }
  parts.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${MARGIN.top + plotHeight}" y2="${MARGIN.top + plotHeight}" stroke="#000"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotHeight}" stroke="#000"/>`,
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 20}" text-anchor="middle">time since release (${unit.label})</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">hosts</text>`,
  );
  // Monte Carlo band of `infected` (5th–95th percentile).
  const legend: { label: string; color: string; kind: 'line' | 'dashed' | 'band' | 'point' }[] = [];
  if (result.bands && !result.fleet && result.runs > 1) {
    const upper = result.bands.p95.map((value, i) => `${fmt(x(times[i] ?? 0))},${fmt(y(value))}`);
    const lower = result.bands.p05.map((value, i) => `${fmt(x(times[i] ?? 0))},${fmt(y(value))}`).reverse();
    parts.push(
      `<polygon points="${[...upper, ...lower].join(' ')}" fill="${COLORS.band}" fill-opacity="0.15" stroke="none"/>`,
    );
    legend.push({ label: `infected, 5–95% of ${result.runs} runs`, color: COLORS.band, kind: 'band' });
  }
  for (const line of lines) {
    const points = line.values.map((value, i) => `${fmt(x(times[i] ?? 0))},${fmt(y(value))}`).join(' ');
    parts.push(
      `<polyline points="${points}" fill="none" stroke="${line.color}" stroke-width="2"${line.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    legend.push({ label: line.label, color: line.color, kind: line.dashed ? 'dashed' : 'line' });
  }
  for (const point of measured) {
    if (point.t > horizon) continue;
    const px = fmt(x(point.t));
    const py = fmt(y(point.infected));
    parts.push(
      point.kind === 'at-least'
        ? `<path d="M${px} ${py} l-6 10 h12 z" fill="${COLORS.measured}"><title>${escapeXml(`${point.label} — ${point.source}`)}</title></path>`
        : `<circle cx="${px}" cy="${py}" r="5" fill="${COLORS.measured}"><title>${escapeXml(`${point.label} — ${point.source}`)}</title></circle>`,
    );
  }
  if (measured.some((point) => point.t <= horizon)) {
    legend.push({ label: 'measured (● value, ▲ at least)', color: COLORS.measured, kind: 'point' });
  }
  // Legend, bottom right of the plot area.
  const legendTop = MARGIN.top + plotHeight - 12 - legend.length * 18;
  const legendLeft = MARGIN.left + plotWidth - 330;
  parts.push(
    `<rect x="${legendLeft - 8}" y="${legendTop - 14}" width="338" height="${legend.length * 18 + 10}" fill="#ffffff" fill-opacity="0.85" stroke="#ccc"/>`,
  );
  legend.forEach((entry, index) => {
    const ly = legendTop + index * 18;
    if (entry.kind === 'band') {
      parts.push(
        `<rect x="${legendLeft}" y="${ly - 6}" width="24" height="10" fill="${entry.color}" fill-opacity="0.15"/>`,
      );
    } else if (entry.kind === 'point') {
      parts.push(`<circle cx="${legendLeft + 12}" cy="${ly - 1}" r="4" fill="${entry.color}"/>`);
    } else {
      parts.push(
        `<line x1="${legendLeft}" x2="${legendLeft + 24}" y1="${ly - 1}" y2="${ly - 1}" stroke="${entry.color}" stroke-width="2"${entry.kind === 'dashed' ? ' stroke-dasharray="6 4"' : ''}/>`,
      );
    }
    parts.push(`<text x="${legendLeft + 32}" y="${ly + 3}">${escapeXml(entry.label)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** The SVG rasterised at twice its size (readable on high-density screens). */
export function renderSimulationPng(result: SimulationResult): Buffer {
  const resvg = new Resvg(renderSimulationSvg(result), {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

function subtitle(result: SimulationResult): string {
  const model =
    result.model === 'stochastic'
      ? `stochastic, ${result.runs} runs, seed ${result.seed}`
      : `${result.model} ODE`;
  const { t50, t90 } = result.summary;
  return `${model} · ${formatCount(result.summary.finalInfected)} of ${formatCount(result.summary.population)} infected · t50 ${formatDuration(t50)} · t90 ${formatDuration(t90)}`;
}

function timeUnit(horizon: number): { seconds: number; label: string } {
  if (horizon <= 2 * 3600) return { seconds: 60, label: 'minutes' };
  if (horizon <= 7 * 86_400) return { seconds: 3600, label: 'hours' };
  return { seconds: 86_400, label: 'days' };
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return 'never';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 2 * 3600) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 3 * 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** About `count` round ticks from 0 to max. */
function ticks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((candidate) => candidate * power >= raw) ?? 10) * power;
  const out: number[] = [];
  for (let value = 0; value <= max + step * 1e-9; value += step) out.push(Math.round(value * 1e6) / 1e6);
  return out;
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function formatCount(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(value >= 1e7 ? 0 : 1)}M`;
  if (value >= 1e4) return `${Math.round(value / 1000)}k`;
  if (value < 10 && !Number.isInteger(value)) return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
}

function fmt(value: number): string {
  return value.toFixed(1);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
