/**
 * The sweep's grid: a seed list (`--seeds 1-200`, `1,5,9-12`) and the cartesian product of `--vary field=v1,v2`
 * axes. Each cell is a list of scenario overrides (the same `path=value` strings `cascade --set` takes).
 */

export interface VaryAxis {
  field: string;
  /** Raw override values, in the order given. */
  values: string[];
}

export interface Cell {
  /** Position in the grid (first axis slowest). */
  index: number;
  /** The cell's value per varied field, e.g. `{ "amm.depth": "5e6" }`. */
  params: Record<string, string>;
  /** `field=value` overrides, in axis order. */
  overrides: string[];
}

/** Characters a seed may hold (seeds become file names and BullMQ job ids, which cannot contain `:`). */
const SEED_CHARS = /^[A-Za-z0-9._-]+$/;
/** More seeds than this in one sweep is almost certainly a typo in a range. */
export const MAX_SEEDS = 1_000_000;

/** `1-200` → "1".."200"; `1,5,9-12` → 1, 5, 9, 10, 11, 12; a non-numeric item (`alpha`) is one seed. */
export function parseSeeds(text: string): string[] {
  const seeds: string[] = [];
  for (const item of text.split(",").map((s) => s.trim())) {
    if (item === "") continue;
    const range = /^(\d+)-(\d+)$/.exec(item);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from) throw new Error(`--seeds: range ${item} runs backwards`);
      if (to - from + 1 + seeds.length > MAX_SEEDS) throw new Error(`--seeds: more than ${MAX_SEEDS} seeds`);
      for (let s = from; s <= to; s++) seeds.push(String(s));
    } else if (SEED_CHARS.test(item)) {
      seeds.push(item);
    } else {
      throw new Error(`--seeds: "${item}" is neither a range a-b nor a seed of letters, digits, ".", "_", "-"`);
    }
  }
  if (seeds.length === 0) throw new Error("--seeds: no seeds given");
  const dup = seeds.find((s, i) => seeds.indexOf(s) !== i);
  if (dup !== undefined) throw new Error(`--seeds: seed ${dup} appears twice`);
  return seeds;
}

/** Splits on the commas outside brackets, braces and quotes (`[1,2],{"a":1}` stays two values). */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== "\\") quoted = !quoted;
    else if (!quoted && (c === "[" || c === "{")) depth++;
    else if (!quoted && (c === "]" || c === "}")) depth--;
    else if (!quoted && depth === 0 && c === ",") {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== "");
}

/** `liquidation.mechanism=fixed-bonus,dutch-auction` → one axis with two values. */
export function parseVary(text: string): VaryAxis {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new Error(`--vary: expected field=v1,v2,… (got "${text}")`);
  const field = text.slice(0, eq).trim();
  const values = splitTopLevel(text.slice(eq + 1));
  if (values.length === 0) throw new Error(`--vary ${field}: no values`);
  const dup = values.find((v, i) => values.indexOf(v) !== i);
  if (dup !== undefined) throw new Error(`--vary ${field}: value ${dup} appears twice`);
  return { field, values };
}

/** The cartesian product of the axes (one empty cell without axes); a field varied twice is refused. */
export function gridCells(axes: readonly VaryAxis[]): Cell[] {
  const fields = axes.map((a) => a.field);
  const twice = fields.find((f, i) => fields.indexOf(f) !== i);
  if (twice !== undefined) throw new Error(`--vary: field ${twice} is varied twice`);
  let combos: string[][] = [[]];
  for (const axis of axes) combos = combos.flatMap((c) => axis.values.map((v) => [...c, v]));
  return combos.map((values, index) => ({
    index,
    params: Object.fromEntries(values.map((v, i) => [axes[i].field, v])),
    overrides: values.map((v, i) => `${axes[i].field}=${v}`),
  }));
}

/** A short label for a cell: `liquidation.mechanism=dutch-auction amm.depth=5e6`, or `all` without axes. */
export function cellLabel(cell: Pick<Cell, "params">): string {
  const parts = Object.entries(cell.params).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(" ") : "all";
}
