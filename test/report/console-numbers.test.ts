import { expect } from "chai";
import { count, fixed, times, tokens } from "../../scripts/report/doc-format";
import { formatSummary } from "../../scripts/report/console";
import { formatGasWar, formatSweep, type GasWarSummary } from "../../scripts/report/gas-war";
import { parseScenario } from "../../scripts/sim/scenario";
import type { RunResult } from "../../scripts/sim/engine";
import { sampleRunResult } from "../helpers/run-result";

describe("console numbers: one format for every task", () => {
  it("amounts: whole tokens, thousands separators, two decimals rounded half up in bigint", () => {
    expect(tokens(102_972_123_456n, 6, "USDC")).to.equal("102,972.12 USDC");
    expect(tokens(5_000n, 6, "USDC")).to.equal("0.01 USDC"); // 0.005 rounds up
    expect(tokens(4_999n, 6, "USDC")).to.equal("0.00 USDC");
    expect(tokens(-1_234_567_890n, 6, "USDC")).to.equal("-1,234.57 USDC");
    expect(tokens(10n ** 30n, 18, "WETH", 4)).to.equal("1,000,000,000,000.0000 WETH"); // beyond a float's cents
  });

  it("counts and gas with separators and their unit, fixed decimals, multiples; – for no value", () => {
    expect(count(11_980_438n, "gas")).to.equal("11,980,438 gas");
    expect(count(25, "positions")).to.equal("25 positions");
    expect(count(null)).to.equal("–");
    expect(fixed(1234.5)).to.equal("1,234.50");
    expect(fixed(undefined)).to.equal("–");
    expect(times(1.9139760604649905)).to.equal("1.91×");
  });

  describe("the cascade summary", () => {
    const rowOf = (text: string, key: string) => text.split("\n").find((l) => l.startsWith(key));

    it("names keeper gas for what it is, successful vs failed transactions, with units", () => {
      const text = formatSummary(sampleRunResult(false), "out/run");
      expect(text).not.to.match(/wasted/);
      expect(rowOf(text, "keeper gas in successful / failed txs")).to.match(/ [\d,]+ gas \/ [\d,]+ gas \(/);
    });

    it("explains the positions never liquidated", () => {
      const r = sampleRunResult(false);
      const t = r.summary.timeToLiquidation;
      expect(rowOf(formatSummary(r, "out/run"), "time to liquidation")).to.include(
        `${t.neverLiquidated} of ${t.liquidated + t.neverLiquidated} positions that became liquidatable were never liquidated`,
      );
    });

    it("has a breaker line only when the breaker is on", () => {
      const off = sampleRunResult(false);
      expect(rowOf(formatSummary(off, "d"), "circuit breaker")).to.equal(undefined);
      const scenario = parseScenario({ riskControls: { circuitBreaker: { enabled: true } } });
      const on = {
        ...off,
        scenario,
        summary: { ...off.summary, riskControls: { ...off.summary.riskControls, breakerTrippedBlocks: 3 } },
      } as RunResult;
      expect(rowOf(formatSummary(on, "d"), "circuit breaker")).to.match(
        new RegExp(`tripped 3 blocks of ${off.summary.blocks} \\([\\d.]+%\\), effects: full-halt$`),
      );
    });

    it("says the report was not written when the write failed", () => {
      expect(rowOf(formatSummary(sampleRunResult(false), null), "report")).to.match(/NOT WRITTEN/);
    });
  });

  it("the gas-war summary and sweep use the same formats", () => {
    const r = { ...sampleRunResult(false), keeperStats: [], bids: [] } as unknown as RunResult;
    const s: GasWarSummary = {
      keepers: 3,
      dissipation: 0.4567,
      wastedGas: 1_234_567n,
      failedTxs: 12,
      bids: 40,
      replacements: 1_200,
      medianWinningBidGwei: 3.5,
      medianRaisePct: 12.5,
      meanBlocksToLiquidation: 1.5,
      liquidations: 9,
      grossProfit: 82_000_000_000n,
      priorityFees: 37_449_400_000n,
    };
    const text = formatGasWar(s, r, "out/gw");
    expect(text).to.include("keeper gas in failed txs: 1,234,567 gas");
    expect(text).to.include("dissipation (priority fees ÷ gross profit): 45.67% (37,449.40 USDC of 82,000.00 USDC)");
    expect(text).to.include("replacements 1,200");
    expect(text).to.include("median winning bid: 3.50 gwei");
    const sweep = formatSweep([{ keepers: 2, summary: s }], "out/gw");
    expect(sweep).to.match(/ 2 +45\.67% +12 +1,234,567 gas +1,200 +3\.50 gwei +9\n/);
  });
});
