/**
 * Two-chain scenario files (`scenarios/chains/<name>.json`, `"kind": "two-chain"`): a ContagionSpec
 * (scripts/chains/contagion/spec.ts, fields and defaults in docs/cross-chain.md) written as what differs from the
 * defaults, plus a description. Read, overridden (`--set path=value`, `--seed`, `--blocks`, `--borrowers`) and
 * checked here: every problem is one line `field: problem (got value)`, an unknown field names the allowed ones.
 */
import * as fs from "node:fs";
import { ScenarioError } from "../sim/scenario/errors";
import { parseOverrideValue, splitPath } from "../sim/scenario/overrides";
import { bridgeParams, DEFAULT_BRIDGE } from "./bridge-params";
import { DEFAULT_CONTAGION, SYSTEM_RISK_DEFAULT, type ContagionSpec } from "./contagion/spec";

export const TWO_CHAIN_KIND = "two-chain";

export interface ChainScenario {
  readonly description: string;
  readonly spec: ContagionSpec;
}

/** What a field may hold: the default (its shape), and for nullable sections the shape when set. */
const SHAPES: Record<string, unknown> = {
  whale: DEFAULT_CONTAGION.whale,
  systemRisk: SYSTEM_RISK_DEFAULT,
  "bridge.halt": { fromSec: 0, untilSec: 0 },
  "bridge.delayedFinality": { fromSec: 0, untilSec: 0, extraBlocks: 0 },
};
const TEMPLATE = { ...DEFAULT_CONTAGION, bridge: DEFAULT_BRIDGE };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/** Merges `input` onto `template` (the defaults), collecting a line per field of the wrong type or unknown. */
function merge(template: unknown, input: unknown, at: string, problems: string[]): unknown {
  if (input === undefined) return template;
  const shape = SHAPES[at] ?? template;
  if (at in SHAPES && input === null) return null;
  if (Array.isArray(template)) {
    if (!Array.isArray(input) || input.length !== template.length) {
      problems.push(`${at}: must be an array of ${template.length} (got ${show(input)})`);
      return template;
    }
    return template.map((t, i) => merge(t, input[i], `${at}[${i}]`, problems));
  }
  if (isObject(shape)) {
    if (!isObject(input)) {
      problems.push(`${at}: must be an object${at in SHAPES ? " or null" : ""} (got ${show(input)})`);
      return template;
    }
    const base = isObject(template) ? template : shape;
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(input)) {
      const path = at ? `${at}.${k}` : k;
      if (!(k in shape)) {
        problems.push(`${path}: unknown field (allowed: ${Object.keys(shape).join(", ")})`);
        continue;
      }
      out[k] = merge(base[k], v, path, problems);
    }
    return out;
  }
  if (typeof input !== typeof template || (typeof input === "number" && !Number.isFinite(input))) {
    problems.push(`${at}: must be a ${typeof template} (got ${show(input)})`);
    return template;
  }
  return input;
}

type Rule = readonly [path: string, min: number, max: number, whole?: boolean];
/** Ranges of the numeric fields (inclusive). */
const RULES: readonly Rule[] = [
  ["borrowersPerChain", 1, 5_000, true],
  ["collateralPerBorrower", 1e-6, 1e9],
  ["healthMin", 0.5, 100],
  ["healthMax", 0.5, 100],
  ["price", 1e-6, 1e12],
  ["homeAmmDepth", 1, 1e15],
  ["remoteAmmDepth", 1, 1e15],
  ["remoteFeedLatencySec", 0, 86_400, true],
  ["crash.atSec", 0, 86_400, true],
  ["crash.drop", 0, 0.99],
  ["durationSec", 1, 86_400, true],
  ["keeperMaxPerBlock", 1, 200, true],
  ["market.ltv", 0.01, 0.99],
  ["market.liquidationThreshold", 0.01, 0.99],
  ["market.liquidationBonusBps", 0, 5_000, true],
  ["market.lenderSupply", 1, 1e15],
  ["market.maxPriceAge", 1, 86_400, true],
  ["whale.collateralA", 0, 1e9],
  ["whale.collateralB", 0, 1e9],
  ["whale.healthA", 0.5, 100],
  ["whale.healthB", 0.5, 100],
  ["whale.rescueBelow", 0, 100],
  ["whale.rescueShare", 0, 1],
  ["systemRisk.everySec", 1, 86_400, true],
  ["systemRisk.relayDelaySec", 0, 86_400, true],
  ["systemRisk.atRiskHealth", 0.5, 100],
  ["systemRisk.atRiskShareTrigger", 0, 1],
  ["systemRisk.cutBps", 0, 9_999, true],
  ["systemRisk.rampDuration", 0, 86_400, true],
  ["systemRisk.maxAge", 1, 604_800, true],
  ...[0, 1].flatMap((i): Rule[] => [
    [`chains[${i}].chainId`, 1, 2 ** 32 - 1, true],
    [`chains[${i}].blockTimeSec`, 1, 3_600, true],
    [`chains[${i}].baseFeeGwei`, 0, 10_000],
    [`chains[${i}].blockGasLimit`, 30_000_000, 1_000_000_000, true],
  ]),
];

function get(obj: unknown, path: string): unknown {
  let node = obj;
  for (const seg of splitPath(path)) node = isObject(node) || Array.isArray(node) ? (node as never)[seg] : undefined;
  return node;
}

/** The problems of a merged spec (ranges and the relations between fields). */
function check(spec: ContagionSpec): string[] {
  const problems: string[] = [];
  for (const [path, min, max, whole] of RULES) {
    const v = get(spec, path);
    if (v === undefined || v === null) continue; // a section set to null
    const n = v as number;
    if (n < min || n > max || (whole && !Number.isInteger(n))) {
      problems.push(`${path}: must be ${whole ? "a whole number " : ""}in [${min}, ${max}] (got ${show(v)})`);
    }
  }
  if (spec.healthMax < spec.healthMin) {
    problems.push(`healthMax: must be >= healthMin (${spec.healthMin}) (got ${spec.healthMax})`);
  }
  if (spec.market.liquidationThreshold < spec.market.ltv) {
    problems.push(
      `market.liquidationThreshold: must be >= market.ltv (${spec.market.ltv}) (got ${spec.market.liquidationThreshold})`,
    );
  }
  if (spec.chains[0].chainId === spec.chains[1].chainId) {
    problems.push(`chains[1].chainId: must differ from chains[0].chainId (got ${spec.chains[1].chainId})`);
  }
  if (spec.chains[0].blockTimeSec % spec.chains[1].blockTimeSec !== 0) {
    problems.push(
      `chains[0].blockTimeSec: must be a multiple of chains[1].blockTimeSec (${spec.chains[1].blockTimeSec}): ` +
        `B's blocks are the run's ticks (got ${spec.chains[0].blockTimeSec})`,
    );
  }
  try {
    bridgeParams(spec.bridge);
  } catch (e) {
    problems.push((e as Error).message.replace(/^(bridge\.\S+) must/, "$1: must"));
  }
  return problems;
}

/** Sets `path` (dotted, `chains[1].blockTimeSec` or `chains.1.blockTimeSec`) to `value` in a copy of `json`; a
 * missing section on the way is first filled with its default (so `chains[1].x` keeps chain A). */
function setPath(json: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const out = structuredClone(json);
  const segs = splitPath(path);
  let node: Record<string, unknown> = out;
  let template: unknown = TEMPLATE;
  for (const [i, seg] of segs.entries()) {
    const here = isObject(template) || Array.isArray(template) ? (template as never)[seg] : undefined;
    template = here ?? SHAPES[segs.slice(0, i + 1).join(".")];
    if (i === segs.length - 1) break;
    if (typeof node[seg] !== "object" || node[seg] === null) {
      node[seg] = template !== undefined && template !== null ? structuredClone(template) : {};
    }
    node = node[seg] as Record<string, unknown>;
  }
  node[segs[segs.length - 1]] = value;
  return out;
}

/** `"kind": "two-chain"` at the top of a JSON file (false for anything unreadable: the caller reports that). */
export function isChainScenarioFile(file: string): boolean {
  try {
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    return isObject(json) && json.kind === TWO_CHAIN_KIND;
  } catch {
    return false;
  }
}

/**
 * Parses a two-chain scenario's JSON with `--set` overrides (`path=value`, applied in order), throwing a
 * ScenarioError with one line per problem. `chains[1]` (B) must be the faster chain: its blocks are the run's ticks.
 */
export function parseChainScenario(json: unknown, source: string, sets: readonly string[] = []): ChainScenario {
  if (!isObject(json)) throw new ScenarioError(source, [`(root): must be a JSON object (got ${show(json)})`]);
  const problems: string[] = [];
  let raw: Record<string, unknown> = { ...json };
  for (const set of sets) {
    const eq = set.indexOf("=");
    if (eq <= 0) {
      problems.push(`--set ${set}: expected path=value`);
      continue;
    }
    try {
      raw = setPath(raw, set.slice(0, eq).trim(), parseOverrideValue(set.slice(eq + 1)));
    } catch {
      problems.push(`${set.slice(0, eq)}: not JSON (from --set ${set})`);
    }
  }
  const { kind, description, ...rest } = raw;
  if (kind !== TWO_CHAIN_KIND) problems.push(`kind: must be "${TWO_CHAIN_KIND}" (got ${show(kind)})`);
  if (description !== undefined && typeof description !== "string") {
    problems.push(`description: must be a string (got ${show(description)})`);
  }
  const spec = merge(TEMPLATE, rest, "", problems) as ContagionSpec;
  if (problems.length === 0) problems.push(...check(spec));
  if (problems.length) {
    // A problem an override caused names it.
    const from = (p: string) => sets.find((s) => p.startsWith(s.slice(0, s.indexOf("=")).trim() + ":"));
    throw new ScenarioError(
      source,
      problems.map((p) => (from(p) && !p.includes("(from --") ? `${p} (from --set ${from(p)})` : p)),
    );
  }
  return { description: (description as string | undefined) ?? "", spec };
}

export function loadChainScenario(file: string, sets: readonly string[] = []): ChainScenario {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new ScenarioError(file, [`(root): not readable JSON (${(e as Error).message.split("\n")[0]})`]);
  }
  return parseChainScenario(json, file, sets);
}
