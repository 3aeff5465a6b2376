/**
 * The perp market's parameters with their defaults, units and the venue each follows (docs/derivatives-perp.md
 * lists them; the contract checks bounds on set). One source for the tests, the driver and the docs.
 */
export interface PerpParams {
  maxLeverage: bigint;
  mmrFractionOfImrWad: bigint;
  oiMmrFactorWad: bigint;
  takerFeeBps: bigint;
  liquidationFeeBps: bigint;
  keeperShareBps: bigint;
  liquidationSpreadMmrMultipleWad: bigint;
  backstopEquityFractionWad: bigint;
  largePositionNotional: bigint;
  sliceBps: bigint;
  sliceCooldown: bigint;
  fundingPeriod: bigint;
  maxFundingRatePerSecondWad: bigint;
  maxOracleAge: bigint;
  maxOpenPositions: bigint;
  maxAdlPerLiquidation: bigint;
  minPositionNotional: bigint;
}

export const WAD = 10n ** 18n;
const HOUR = 3_600n;

/** One documented parameter: its unit, its default (as a display string) and the venue rule it follows. */
export interface ParamDoc {
  name: keyof PerpParams;
  unit: string;
  default: string;
  rule: string;
}

/** Defaults for a market whose debt token has `debtDecimals` decimals. */
export function defaultPerpParams(debtDecimals: number): PerpParams {
  return {
    maxLeverage: 20n,
    mmrFractionOfImrWad: WAD / 2n,
    oiMmrFactorWad: 0n,
    takerFeeBps: 5n,
    liquidationFeeBps: 150n,
    keeperShareBps: 3_000n,
    liquidationSpreadMmrMultipleWad: (3n * WAD) / 2n,
    backstopEquityFractionWad: (2n * WAD) / 3n,
    largePositionNotional: 100_000n * 10n ** BigInt(debtDecimals),
    sliceBps: 2_000n,
    sliceCooldown: 30n,
    fundingPeriod: 8n * HOUR,
    maxFundingRatePerSecondWad: (4n * WAD) / 100n / HOUR,
    maxOracleAge: HOUR,
    maxOpenPositions: 200n,
    maxAdlPerLiquidation: 5n,
    minPositionNotional: 10n * 10n ** BigInt(debtDecimals),
  };
}

/** The parameter table of docs/derivatives-perp.md. */
export const PARAM_DOCS: readonly ParamDoc[] = [
  { name: "maxLeverage", unit: "×", default: "20", rule: "initial margin ratio = 1 / maxLeverage (Hyperliquid)" },
  {
    name: "mmrFractionOfImrWad",
    unit: "WAD",
    default: "0.5e18",
    rule: "maintenance = ½ initial margin at max leverage (Hyperliquid)",
  },
  {
    name: "oiMmrFactorWad",
    unit: "WAD per whole debt token of same-side OI",
    default: "0 (off)",
    rule: "margin rising with open interest (GMX v2 minCollateralFactorForOpenInterest)",
  },
  { name: "takerFeeBps", unit: "bps of notional", default: "5", rule: "taker fee on open and close" },
  {
    name: "liquidationFeeBps",
    unit: "bps of liquidated notional",
    default: "150",
    rule: "capped by the margin left; non-keeper share to the insurance fund (dYdX v4 max liquidation fee 1.5%)",
  },
  { name: "keeperShareBps", unit: "bps of the liquidation fee", default: "3000", rule: "keeper incentive" },
  {
    name: "liquidationSpreadMmrMultipleWad",
    unit: "WAD",
    default: "1.5e18",
    rule: "worst liquidation fill = mark × (1 ∓ 1.5 × MMR), else backstop (dYdX v4 spread-to-MMR ratio)",
  },
  {
    name: "backstopEquityFractionWad",
    unit: "WAD",
    default: "2/3 e18",
    rule: "equity < 2/3 maintenance: backstop vault takes over (Hyperliquid)",
  },
  {
    name: "largePositionNotional",
    unit: "debt units",
    default: "100 000 whole debt tokens",
    rule: "above it, liquidation in slices (Hyperliquid)",
  },
  { name: "sliceBps", unit: "bps of size", default: "2000", rule: "slice of a large position (Hyperliquid 20%)" },
  { name: "sliceCooldown", unit: "s", default: "30", rule: "between slices (Hyperliquid 30 s)" },
  {
    name: "fundingPeriod",
    unit: "s",
    default: "28800 (8 h)",
    rule: "premium paid over 8 h (Hyperliquid pays 1/8 of the 8-hour rate each hour)",
  },
  {
    name: "maxFundingRatePerSecondWad",
    unit: "WAD per s",
    default: "4%/h = 11 111 111 111 111",
    rule: "funding cap (Hyperliquid 4%/h)",
  },
  { name: "maxOracleAge", unit: "s", default: "3600", rule: "older marks revert (StaleMark)" },
  { name: "maxOpenPositions", unit: "positions", default: "200", rule: "bounds the on-chain ADL ranking's gas" },
  { name: "maxAdlPerLiquidation", unit: "positions", default: "5", rule: "ADL rounds per liquidation" },
  {
    name: "minPositionNotional",
    unit: "debt units",
    default: "10 whole debt tokens",
    rule: "smallest position at the mark, at open and after a partial liquidation or ADL (Hyperliquid $10 minimum)",
  },
];
