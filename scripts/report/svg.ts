/** Dependency-free SVG charts: a multi-series line chart and a bar chart, with axes, ticks, legend and title. */

export interface Series {
  name: string;
  values: readonly number[];
  color?: string;
}

export interface ChartOptions {
  title: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
}

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];
const MARGIN = { top: 40, right: 20, bottom: 50, left: 70 };

export const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Rounds to 6 significant digits for coordinates and labels, so output is short and stable. */
const fmt = (n: number) => String(Number(n.toPrecision(6)));

/** About `count` round tick values (1, 2, 5 × 10^k steps) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

interface Frame {
  x: (i: number) => number;
  y: (v: number) => number;
  parts: string[];
}

function frame(opts: ChartOptions, n: number, values: number[], zeroBased: boolean): Frame {
  const width = opts.width ?? 720;
  const height = opts.height ?? 320;
  const finite = values.filter(Number.isFinite);
  let lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 1;
  if (zeroBased) lo = Math.min(0, lo);
  const yTicks = niceTicks(lo, hi);
  const y0 = yTicks[0];
  const y1 = yTicks[yTicks.length - 1];
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const x = (i: number) => MARGIN.left + (n <= 1 ? plotW / 2 : (plotW * i) / (n - 1));
  const y = (v: number) => MARGIN.top + plotH - (plotH * (v - y0)) / (y1 - y0 || 1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(opts.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(opts.title)}</text>`,
  ];
  for (const t of yTicks) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${fmt(y(t))}" y2="${fmt(y(t))}" stroke="#eee"/>`,
      `<text x="${MARGIN.left - 6}" y="${fmt(y(t) + 4)}" text-anchor="end">${fmt(t)}</text>`,
    );
  }
  const xTicks = n <= 1 ? [0] : niceTicks(0, n - 1, 8).filter((t) => t >= 0 && t <= n - 1 && Number.isInteger(t));
  for (const t of xTicks) {
    parts.push(
      `<line x1="${fmt(x(t))}" x2="${fmt(x(t))}" y1="${height - MARGIN.bottom}" y2="${height - MARGIN.bottom + 4}" stroke="#333"/>`,
      `<text x="${fmt(x(t))}" y="${height - MARGIN.bottom + 16}" text-anchor="middle">${t}</text>`,
    );
  }
  parts.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${height - MARGIN.bottom}" stroke="#333"/>`,
    `<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${height - MARGIN.bottom}" y2="${height - MARGIN.bottom}" stroke="#333"/>`,
  );
  if (opts.xLabel) {
    parts.push(
      `<text x="${MARGIN.left + plotW / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(opts.xLabel)}</text>`,
    );
  }
  if (opts.yLabel) {
    parts.push(
      `<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(opts.yLabel)}</text>`,
    );
  }
  return { x, y, parts };
}

function legend(parts: string[], series: readonly Series[], width: number): void {
  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const lx = width - MARGIN.right - 150;
    const ly = MARGIN.top + 6 + i * 16;
    parts.push(
      `<rect x="${lx}" y="${ly - 8}" width="12" height="4" fill="${color}"/>`,
      `<text x="${lx + 18}" y="${ly - 3}">${escapeXml(s.name)}</text>`,
    );
  });
}

/** Lines over the index (block) axis; non-finite values break a line. */
export function lineChart(series: readonly Series[], opts: ChartOptions): string {
  const n = Math.max(0, ...series.map((s) => s.values.length));
  const f = frame(
    opts,
    n,
    series.flatMap((s) => [...s.values]),
    false,
  );
  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    let d = "";
    let pen = "M";
    s.values.forEach((v, j) => {
      if (!Number.isFinite(v)) {
        pen = "M";
        return;
      }
      d += `${pen}${fmt(f.x(j))} ${fmt(f.y(v))}`;
      pen = "L";
    });
    if (d !== "") f.parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
  });
  legend(f.parts, series, opts.width ?? 720);
  f.parts.push("</svg>");
  return f.parts.join("\n") + "\n";
}

/** One bar per index (block), from zero. */
export function barChart(values: readonly number[], opts: ChartOptions & { color?: string; name?: string }): string {
  const n = values.length;
  const f = frame(opts, n, [...values], true);
  const plotW = (opts.width ?? 720) - MARGIN.left - MARGIN.right;
  const barW = Math.max(1, (plotW / Math.max(1, n)) * 0.8);
  const color = opts.color ?? PALETTE[0];
  values.forEach((v, i) => {
    if (!Number.isFinite(v) || v === 0) return;
    const top = Math.min(f.y(v), f.y(0));
    const h = Math.abs(f.y(0) - f.y(v));
    f.parts.push(
      `<rect x="${fmt(f.x(i) - barW / 2)}" y="${fmt(top)}" width="${fmt(barW)}" height="${fmt(h)}" fill="${color}"/>`,
    );
  });
  if (opts.name) legend(f.parts, [{ name: opts.name, values, color }], opts.width ?? 720);
  f.parts.push("</svg>");
  return f.parts.join("\n") + "\n";
}
