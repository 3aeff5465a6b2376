/**
 * The bounds the contracts enforce on what a scenario configures, checked on the parsed scenario before anything is
 * deployed, so that `amm.feeBps=10000` is refused naming the field and the allowed range instead of dying as a raw
 * `FeeTooHigh` revert mid-setup. Each bound names the contract constant it mirrors; test/sim/contract-bounds.test.ts
 * reads every constant from the compiled contracts (and deploys at and past the edges) so the two cannot drift apart.
 * docs/contract-bounds.md is rendered from this table (`npx ts-node scripts/tasks/gen-contract-bounds-doc.ts`).
 */
import { WAD, fromFixedUnits, toWad } from "../wad";
import { scenarioSchema, type Scenario } from "./schema";
import { defOf, schemasAt, unwrap } from "./walk";

/** One constant of one contract, as its public getter (or, when private, its revert) gives it. */
export interface ContractConstant {
  contract: string;
  name: string;
  /** The raw on-chain value (WAD-scaled for ratios). */
  raw: bigint;
  /** How the constant is read in the test: `getter` (public) or `revert` (private, seen in a revert's arguments). */
  read: "getter" | "revert";
}

const constant = (contract: string, name: string, raw: bigint, read: "getter" | "revert" = "getter") => ({
  contract,
  name,
  raw,
  read,
});

const DAY = 86_400n;

/** Every contract constant a scenario field is bounded by. */
export const CONTRACT_CONSTANTS = {
  maxLatencySeconds: constant("LaggedPriceFeed", "MAX_LATENCY_SECONDS", DAY),
  maxLatencyBlocks: constant("LaggedPriceFeed", "MAX_LATENCY_BLOCKS", 7_200n),
  poolBps: constant("ConstantProductPool", "BPS", 10_000n, "revert"),
  maxTwapWindow: constant("AmmTwapFeed", "MAX_WINDOW_SECONDS", 7n * DAY),
  maxTokenDecimals: constant("LendingPool", "MAX_TOKEN_DECIMALS", 18n),
  maxPriceAge: constant("LendingPool", "MAX_PRICE_AGE", 7n * DAY),
  maxRatePerYear: constant("LendingPool", "MAX_RATE_PER_YEAR", 10n * WAD),
  maxReserveFactorBps: constant("LendingPool", "MAX_RESERVE_FACTOR_BPS", 5_000n),
  maxStartPriceMultiplier: constant("DutchAuctionLiquidator", "MAX_START_PRICE_MULTIPLIER", 10n * WAD),
  maxAuctionDuration: constant("DutchAuctionLiquidator", "MAX_DURATION", 30n * DAY),
  maxChipBps: constant("DutchAuctionLiquidator", "MAX_CHIP_BPS", 1_000n),
  maxPenaltyBps: constant("DutchAuctionLiquidator", "MAX_PENALTY_BPS", 3_000n),
  maxBreakerWindow: constant("CircuitBreaker", "MAX_WINDOW", 7n * DAY),
  maxBreakerCooldown: constant("CircuitBreaker", "MAX_COOLDOWN", 7n * DAY),
  maxVolSensitivity: constant("DynamicRiskController", "MAX_VOL_SENSITIVITY", 18n * WAD),
  maxThresholdStep: constant("DynamicRiskController", "MAX_THRESHOLD_STEP", WAD / 10n),
  maxUpdateInterval: constant("DynamicRiskController", "MAX_UPDATE_INTERVAL", 7n * DAY),
  maxDepthWindow: constant("DynamicRiskController", "MAX_DEPTH_WINDOW", 30n * DAY),
} as const satisfies Record<string, ContractConstant>;

const K = CONTRACT_CONSTANTS;

/** How a JSON value goes on chain: as an integer, or as WAD (ratios, multipliers, rates). */
type Scale = "int" | "wad";

interface Bound {
  /** On-chain value of the bound (WAD for a `wad` field). */
  raw: bigint;
  inclusive: boolean;
  /** What enforces it: `LaggedPriceFeed.MAX_LATENCY_SECONDS`, or the contract's rule in words. */
  source: string;
}

/** One field's range as the contract that receives it enforces it. */
export interface RangeRule {
  path: string;
  unit: string;
  scale: Scale;
  min?: Bound;
  max?: Bound;
  /** Only checked when this holds (the contract is deployed); always when absent. */
  when?: (s: Scenario) => boolean;
  whenText?: string;
}

/** A bound between fields (or on a combination), checked when `when` holds. */
export interface RelationRule {
  path: string;
  /** The rule in words, for the docs. */
  rule: string;
  source: string;
  when?: (s: Scenario) => boolean;
  whenText?: string;
  /** A problem (without the path), or null when the scenario keeps the rule. */
  check: (s: Scenario) => string | null;
}

const of = (k: ContractConstant, inclusive = true): Bound => ({
  raw: k.raw,
  inclusive,
  source: `${k.contract}.${k.name}`,
});
const zero = (source: string, inclusive = true): Bound => ({ raw: 0n, inclusive, source });
const one = (source: string, inclusive = true): Bound => ({ raw: WAD, inclusive, source });

const breakerOn = (s: Scenario) => s.riskControls.circuitBreaker.enabled;
const dynamicOn = (s: Scenario) => s.riskControls.dynamicRisk.enabled;

/** The range rules of one collateral's risk config (`market.collateral`). */
function collateralRanges(prefix: string, when?: (s: Scenario) => boolean, whenText?: string): RangeRule[] {
  return [
    {
      path: `${prefix}.ltv`,
      unit: "ratio",
      scale: "wad",
      min: zero("LendingPool: ltv > 0", false),
      when,
      whenText,
    },
    {
      path: `${prefix}.maxPriceAgeSeconds`,
      unit: "seconds",
      scale: "int",
      max: of(K.maxPriceAge),
      when,
      whenText,
    },
  ];
}

export const RANGE_RULES: readonly RangeRule[] = [
  { path: "oracle.latencySeconds", unit: "seconds", scale: "int", max: of(K.maxLatencySeconds) },
  { path: "oracle.latencyBlocks", unit: "blocks", scale: "int", max: of(K.maxLatencyBlocks) },
  { path: "oracle.twapWindowSeconds", unit: "seconds", scale: "int", max: of(K.maxTwapWindow) },
  {
    path: "amm.feeBps",
    unit: "bps",
    scale: "int",
    max: { ...of(K.poolBps, false), source: "ConstantProductPool: fee < BPS" },
  },
  { path: "tokens.debt.decimals", unit: "decimals", scale: "int", max: of(K.maxTokenDecimals) },
  { path: "tokens.collateral.decimals", unit: "decimals", scale: "int", max: of(K.maxTokenDecimals) },
  ...collateralRanges("market.collateral"),
  {
    path: "market.closeFactor",
    unit: "ratio",
    scale: "wad",
    min: zero("LendingPool: closeFactor > 0", false),
    max: one("LendingPool: closeFactor <= 1"),
  },
  {
    path: "market.fullCloseHealthFactor",
    unit: "health factor",
    scale: "wad",
    max: one("LendingPool: fullCloseHealthFactor <= 1"),
  },
  { path: "market.reserveFactorBps", unit: "bps", scale: "int", max: of(K.maxReserveFactorBps) },
  ...["baseRatePerYear", "slope1PerYear", "slope2PerYear"].map(
    (f): RangeRule => ({
      path: `market.rateModel.${f}`,
      unit: "ratio per year",
      scale: "wad",
      max: of(K.maxRatePerYear),
    }),
  ),
  {
    path: "market.rateModel.kinkUtilization",
    unit: "ratio",
    scale: "wad",
    min: zero("LendingPool: kink > 0", false),
    max: one("LendingPool: kink < 1", false),
  },
  {
    path: "liquidation.auction.startPriceMultiplier",
    unit: "ratio",
    scale: "wad",
    max: of(K.maxStartPriceMultiplier),
  },
  { path: "liquidation.auction.maxDurationSeconds", unit: "seconds", scale: "int", max: of(K.maxAuctionDuration) },
  {
    path: "liquidation.auction.resetThreshold",
    unit: "ratio",
    scale: "wad",
    max: one("DutchAuctionLiquidator: resetThreshold < 1", false),
  },
  { path: "liquidation.auction.chipBps", unit: "bps", scale: "int", max: of(K.maxChipBps) },
  { path: "liquidation.auction.penaltyBps", unit: "bps", scale: "int", max: of(K.maxPenaltyBps) },
  {
    path: "liquidation.auction.curve.cutPerStep",
    unit: "ratio",
    scale: "wad",
    min: zero("auction curve: cut > 0", false),
    max: one("auction curve: cut < 1", false),
  },
  {
    path: "riskControls.circuitBreaker.priceWindowSeconds",
    unit: "seconds",
    scale: "int",
    max: of(K.maxBreakerWindow),
  },
  {
    path: "riskControls.circuitBreaker.volumeWindowSeconds",
    unit: "seconds",
    scale: "int",
    max: of(K.maxBreakerWindow),
  },
  {
    path: "riskControls.circuitBreaker.cooldownSeconds",
    unit: "seconds",
    scale: "int",
    max: of(K.maxBreakerCooldown),
  },
  {
    path: "riskControls.dynamicRisk.minLtv",
    unit: "ratio",
    scale: "wad",
    min: zero("DynamicRiskController: minLtv > 0", false),
  },
  {
    path: "riskControls.dynamicRisk.ewmaLambda",
    unit: "ratio",
    scale: "wad",
    max: one("DynamicRiskController: ewmaLambda < 1", false),
  },
  {
    path: "riskControls.dynamicRisk.volSensitivity",
    unit: "per unit of σ",
    scale: "wad",
    max: of(K.maxVolSensitivity),
  },
  {
    path: "riskControls.dynamicRisk.maxThresholdStep",
    unit: "ratio",
    scale: "wad",
    min: zero("DynamicRiskController: maxThresholdStep > 0", false),
    max: of(K.maxThresholdStep),
  },
  {
    path: "riskControls.dynamicRisk.minUpdateIntervalSeconds",
    unit: "seconds",
    scale: "int",
    max: of(K.maxUpdateInterval),
  },
  {
    path: "riskControls.dynamicRisk.depthWindowSeconds",
    unit: "seconds",
    scale: "int",
    max: of(K.maxDepthWindow),
  },
];

const BPS = K.poolBps.raw;

/** LendingPool's collateral rules: ltv < threshold, and threshold × (1 + bonus) < 1 so a liquidation can help. */
function collateralRelations(
  prefix: string,
  risk: (s: Scenario) => Scenario["market"]["collateral"],
  when?: (s: Scenario) => boolean,
  whenText?: string,
): RelationRule[] {
  return [
    {
      path: `${prefix}.ltv`,
      rule: `ltv < ${prefix}.liquidationThreshold`,
      source: "LendingPool: ltv < liquidationThreshold",
      when,
      whenText,
      check: (s) => {
        const c = risk(s);
        return toWad(c.ltv) < toWad(c.liquidationThreshold)
          ? null
          : `must be < liquidationThreshold (${c.liquidationThreshold})`;
      },
    },
    {
      path: `${prefix}.liquidationThreshold`,
      rule: `liquidationThreshold × (1 + liquidationBonusBps / 10000) < 1`,
      source: "LendingPool: threshold × (BPS + bonus) < WAD × BPS",
      when,
      whenText,
      check: (s) => {
        const c = risk(s);
        if (toWad(c.liquidationThreshold) * (BPS + BigInt(c.liquidationBonusBps)) < WAD * BPS) return null;
        const most = fromFixedUnits((WAD * BPS - 1n) / (BPS + BigInt(c.liquidationBonusBps)), 18);
        return `must be < 1 / (1 + bonus ${c.liquidationBonusBps} bps), at most ${most.toFixed(6)}, so a liquidation can improve health`;
      },
    },
  ];
}

export const RELATION_RULES: readonly RelationRule[] = [
  ...collateralRelations("market.collateral", (s) => s.market.collateral),
  {
    path: "riskControls.circuitBreaker.effects",
    rule: '"halt-kicks" needs liquidation.mechanism dutch-auction or both',
    source: "CircuitBreaker: NoAuction",
    when: breakerOn,
    whenText: "with the breaker enabled",
    check: (s) =>
      s.riskControls.circuitBreaker.effects.includes("halt-kicks") && s.liquidation.mechanism === "fixed-bonus"
        ? '"halt-kicks" needs an auction mechanism (liquidation.mechanism dutch-auction or both)'
        : null,
  },
  {
    path: "riskControls.dynamicRisk.minLtv",
    rule: "minLtv <= market.collateral.ltv and minLtv < minThreshold",
    source: "DynamicRiskController: minLtv <= baseLtv, minLtv < minThreshold",
    when: dynamicOn,
    whenText: "with dynamic risk enabled",
    check: (s) => {
      const r = s.riskControls.dynamicRisk;
      if (toWad(r.minLtv) > toWad(s.market.collateral.ltv))
        return `must be <= market.collateral.ltv (${s.market.collateral.ltv})`;
      if (toWad(r.minLtv) >= toWad(r.minThreshold)) return `must be < minThreshold (${r.minThreshold})`;
      return null;
    },
  },
  {
    path: "riskControls.dynamicRisk.minThreshold",
    rule: "minThreshold <= market.collateral.liquidationThreshold",
    source: "DynamicRiskController: minThreshold <= baseThreshold",
    when: dynamicOn,
    whenText: "with dynamic risk enabled",
    check: (s) => {
      const r = s.riskControls.dynamicRisk;
      const base = s.market.collateral.liquidationThreshold;
      return toWad(r.minThreshold) > toWad(base) ? `must be <= market.collateral.liquidationThreshold (${base})` : null;
    },
  },
];

/** The value at a dotted path (`a.b.c`), or undefined when a part is missing (another union variant). */
export function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const key of path.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A bound's value in the field's unit (86400, 0.1, 10). */
export const boundValue = (b: Bound, scale: Scale): number =>
  scale === "wad" ? fromFixedUnits(b.raw, 18) : Number(b.raw);

/** The schema's own lower bound of a number field (`int().min(0)` → >= 0, `positive()` → > 0), if any. */
export function schemaMin(path: string): { value: number; inclusive: boolean } | undefined {
  const schema = schemasAt(scenarioSchema, path.split("."))[0];
  if (!schema) return undefined;
  const core = unwrap(schema).core as unknown as { _zod?: { bag?: { minimum?: number; exclusiveMinimum?: number } } };
  if (defOf(unwrap(schema).core).type !== "number") return undefined;
  const bag = core._zod?.bag ?? {};
  if (typeof bag.exclusiveMinimum === "number") return { value: bag.exclusiveMinimum, inclusive: false };
  if (typeof bag.minimum === "number") return { value: bag.minimum, inclusive: true };
  return undefined;
}

/** "> 0 and <= 1", ">= 0 and <= 86400", ">= 0 and < 10000" (a lower bound the contract does not set: the schema's). */
export function rangeText(r: RangeRule): string {
  const parts: string[] = [];
  const low = r.min ? { value: boundValue(r.min, r.scale), inclusive: r.min.inclusive } : schemaMin(r.path);
  if (low) parts.push(`${low.inclusive ? ">=" : ">"} ${low.value}`);
  if (r.max) parts.push(`${r.max.inclusive ? "<=" : "<"} ${boundValue(r.max, r.scale)}`);
  return parts.join(" and ");
}

const onChain = (value: number, scale: Scale): bigint => (scale === "wad" ? toWad(value) : BigInt(value));

const sources = (r: RangeRule) => [r.min?.source, r.max?.source].filter((x) => x !== undefined).join(", ");

/** One problem line per rule the scenario breaks, in the form `path: must be … (source) (got value)`. */
export function contractBoundProblems(s: Scenario): string[] {
  const problems: string[] = [];
  for (const r of RANGE_RULES) {
    if (r.when && !r.when(s)) continue;
    const value = valueAt(s, r.path);
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    const v = onChain(value, r.scale);
    const low = r.min && (r.min.inclusive ? v < r.min.raw : v <= r.min.raw);
    const high = r.max && (r.max.inclusive ? v > r.max.raw : v >= r.max.raw);
    if (low || high) problems.push(`${r.path}: must be ${rangeText(r)} ${r.unit} (${sources(r)}) (got ${value})`);
  }
  for (const r of RELATION_RULES) {
    if (r.when && !r.when(s)) continue;
    const problem = r.check(s);
    if (problem !== null) problems.push(`${r.path}: ${problem} (${r.source})`);
  }
  return problems;
}
