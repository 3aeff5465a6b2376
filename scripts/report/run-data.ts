/**
 * A run folder read back from its files (summary.json, scenario.json, blocks.csv, liquidations.csv, positions.csv,
 * and when present attack.json, gas-war.json, keepers.csv, bids.csv, systemic.csv, collateral-at-risk.csv): what report.html and the dashboard draw.
 * Pure parsing from file texts; `readRunDir` is the only function touching the disk.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { RunSummary } from "../sim/metrics";
import type { Scenario } from "../sim/scenario";

/** A type after `toJson` and `JSON.parse`: bigint became a decimal string. */
export type Jsonified<T> = T extends bigint
  ? string
  : T extends readonly (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

export type SummaryJson = Jsonified<RunSummary> & { generatedAt?: string; scenario?: string; seed?: string | number };
export type ScenarioJson = Jsonified<Scenario>;
/** One CSV row by column name: numbers where the cell is numeric, strings otherwise, null when empty. */
export type Row = Record<string, number | string | null>;

export interface RunData {
  /** The folder's name (runs are told apart by it). */
  name: string;
  /** Every file in the folder, sorted. */
  files: string[];
  summary: SummaryJson;
  scenario: ScenarioJson;
  blocks: Row[];
  liquidations: Row[];
  positions: Row[] | null;
  attack: Record<string, unknown> | null;
  gasWar: Record<string, unknown> | null;
  keepers: Row[] | null;
  bids: Row[] | null;
  /** A world of more than one market: systemic.csv and collateral-at-risk.csv (else null). */
  systemic: Row[] | null;
  atRisk: Row[] | null;
}

/** RFC 4180 lines: quoted cells may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): Row[] {
  const records: string[][] = [];
  let cell = "";
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      records.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length) records.push([...row, cell]);
  const [header, ...body] = records;
  if (!header) return [];
  return body.map((cells) => Object.fromEntries(header.map((h, j) => [h, typed(cells[j] ?? "")])));
}

/** "" → null; a decimal number → number (integers beyond 2^53 stay strings: base units); anything else as is. */
function typed(cell: string): number | string | null {
  if (cell === "") return null;
  if (/^-?\d+$/.test(cell)) return Number.isSafeInteger(Number(cell)) ? Number(cell) : cell;
  if (/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cell)) return Number(cell);
  return cell;
}

/** A cell as a number (base-unit strings too); 0 when empty. */
export const num = (v: number | string | null | undefined): number =>
  v === null || v === undefined ? 0 : typeof v === "number" ? v : Number(v);

/** Base units (a decimal string or number) in tokens. */
export function units(v: string | number | bigint | null | undefined, decimals: number): number {
  if (v === null || v === undefined) return 0;
  const big = typeof v === "bigint" ? v : typeof v === "number" ? BigInt(Math.round(v)) : BigInt(v);
  const neg = big < 0n;
  const abs = neg ? -big : big;
  const scale = 10n ** BigInt(decimals);
  const whole = Number(abs / scale) + Number(abs % scale) / Number(scale);
  return neg ? -whole : whole;
}

/** A run from its files' texts (name → text); summary.json and scenario.json are required. */
export function parseRun(name: string, texts: ReadonlyMap<string, string>): RunData {
  const json = <T>(f: string): T | null => (texts.has(f) ? (JSON.parse(texts.get(f)!) as T) : null);
  const csv = (f: string) => (texts.has(f) ? parseCsv(texts.get(f)!) : null);
  const summary = json<SummaryJson>("summary.json");
  const scenario = json<ScenarioJson>("scenario.json");
  if (!summary || !scenario) throw new Error(`${name}: not a run folder (no summary.json or scenario.json)`);
  return {
    name,
    files: [...texts.keys()].sort(),
    summary,
    scenario,
    blocks: csv("blocks.csv") ?? [],
    liquidations: csv("liquidations.csv") ?? [],
    positions: csv("positions.csv"),
    attack: json("attack.json"),
    gasWar: json("gas-war.json"),
    keepers: csv("keepers.csv"),
    bids: csv("bids.csv"),
    systemic: csv("systemic.csv"),
    atRisk: csv("collateral-at-risk.csv"),
  };
}

/** Files a run folder is read from (the SVGs and report.html are outputs of these). */
const DATA_FILES = /\.(json|csv)$/;

/** Reads a run folder from disk (data files only; the file list names every file). */
export function readRunDir(dir: string): RunData {
  const names = fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isFile());
  const texts = new Map(
    names.filter((f) => DATA_FILES.test(f)).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
  );
  const run = parseRun(path.basename(dir), texts);
  return { ...run, files: names.sort() };
}

/** Whether a folder looks like a run (has summary.json and scenario.json). */
export const isRunDir = (dir: string) =>
  fs.existsSync(path.join(dir, "summary.json")) && fs.existsSync(path.join(dir, "scenario.json"));
