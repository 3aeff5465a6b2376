/** A two-market, two-asset world of synthetic records with known answers (test/measures/system-run.test.ts). */
import type { BlockRecord, LiquidationRecord, MarketBlockRecord, RunSummary } from "../../scripts/sim/metrics";
import { summarize } from "../../scripts/sim/metrics";
import type { SystemInput } from "../../scripts/measures/system-run";
import type { MarketRules } from "../../scripts/measures/contagion";
import { parseScenario } from "../../scripts/sim/scenario";
import type { RunOutput } from "../../scripts/report/write-run";
import { WAD, toWad } from "../../scripts/sim/wad";
import { blockRecord, liquidationRecord } from "../helpers/records";

/*
 * A two-market, two-asset world whose answers are known by construction (USDC 6 decimals, tokens 18, threshold 0.8).
 * eth's external market: linear impact, depth 1,000,000 USDC, no recovery, path flat at 2,000. Market a's keepers
 * sell 100,000 USDC of eth seized in a in block 1, so eth trades at 1,800 from block 1 on.
 * - a's liquidation (block 1): 1 eth, debt 1,700, valued at 2,000 (observed block 0): health 0.94 with or without
 *   any sale → exogenous.
 * - b's liquidation (block 2): 1 eth, debt 1,500, valued at 1,800 (observed block 1): health 0.96; without a's sales
 *   the oracle would have read 2,000, health 1.07 → attributed to a: cross-market contagion a → b, 1 liquidation,
 *   750 USDC repaid.
 * Per-market block records (USDC): debt and collateral value per block, bad debt (cumulative) a 100 from block 2, b 50 from block 3.
 * Books at block 3: a holds 1 eth against 1,500 (below 1 from a 7% eth drop: 1,600 × 0.93 < 1,500); b holds a basket
 * of 0.5 eth + 0.5 steth against 1,000 (safe for 20%) and 1 steth against 1,550 (below 1 from a 4% steth drop).
 */
export const USDC = 10n ** 6n;
export const ONE = 10n ** 18n;
export const u = (x: number) => BigInt(x) * USDC;
const m = (debt: number, coll: number, liquidations = 0, badDebt = 0): MarketBlockRecord => ({
  badDebt: u(badDebt),
  liquidations,
  debt: u(debt),
  collateralValue: u(coll),
});
export const blocks: BlockRecord[] = [
  blockRecord(0, { markets: { a: m(10_000, 20_000), b: m(6_000, 10_000) } }),
  blockRecord(1, { liquidations: 1, markets: { a: m(9_200, 17_000, 1), b: m(6_000, 9_000) } }),
  blockRecord(2, { liquidations: 1, markets: { a: m(9_100, 16_000, 0, 100), b: m(5_250, 8_500, 1) } }),
  blockRecord(3, { markets: { a: m(9_100, 18_000, 0, 100), b: m(5_200, 9_000, 0, 50) } }),
];
export const liquidations: LiquidationRecord[] = [
  liquidationRecord(1, { market: "a", asset: "eth", debtRepaid: u(800), collateralSeized: ONE / 2n }),
  liquidationRecord(2, { market: "b", asset: "eth", debtRepaid: u(750), collateralSeized: (ONE * 4n) / 10n }),
];
const rules = (id: string): MarketRules => ({
  id,
  debtDecimals: 6,
  collaterals: ["eth", "steth"].map((asset) => ({ asset, decimals: 18, liquidationThreshold: (WAD * 8n) / 10n })),
});
const prices = { eth: toWad(2000), steth: toWad(2000) };
export const input = (sales = true): SystemInput => ({
  markets: [rules("a"), rules("b")],
  assets: ["eth", "steth"],
  books: [
    {
      block: 3,
      markets: [
        { book: { ...rules("a"), positions: [{ account: "p1", debt: u(1500), collateral: { eth: ONE } }] }, prices },
        {
          book: {
            ...rules("b"),
            positions: [
              { account: "p2", debt: u(1000), collateral: { eth: ONE / 2n, steth: ONE / 2n } },
              { account: "p3", debt: u(1550), collateral: { steth: ONE } },
            ],
          },
          prices,
        },
      ],
    },
  ],
  contagion: {
    sales: sales ? [{ block: 1, market: "a", asset: "eth", value: 100_000 }] : [],
    external: [
      {
        asset: "eth",
        params: { depth: 1_000_000, impactModel: "linear", recoveryPerBlock: 0 },
        path: [2000, 2000, 2000, 2000],
      },
    ],
    events: [
      {
        block: 1,
        market: "a",
        repaid: u(800),
        position: { account: "a1", debt: u(1700), collateral: { eth: ONE } },
        oracle: { eth: { priceWad: toWad(2000), observedBlock: 0 } },
      },
      {
        block: 2,
        market: "b",
        repaid: u(750),
        position: { account: "b1", debt: u(1500), collateral: { eth: ONE } },
        oracle: { eth: { priceWad: toWad(1800), observedBlock: 1 } },
      },
    ],
  },
});
/** The summary of the two-market world (with or without a's forced sales). */
export const systemSummaryOf = (i: SystemInput | undefined = input()): RunSummary =>
  summarize(blocks, liquidations, [], undefined, undefined, { system: i });

/** The two-market world as a run to write (report.html, the CSVs). */
export const twoMarketRun = (): RunOutput => ({
  scenario: parseScenario({ name: "two-markets", seed: 1, description: "Two markets, two assets: synthetic records." }),
  summary: systemSummaryOf(),
  blocks,
  liquidations,
});
