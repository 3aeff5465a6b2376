import { expect } from "chai";
import { small, profitByStrategy, liquidationsPerBorrower } from "./helpers";

/** Presets about oracles and liquidation mechanisms: oracle-lag, market-vs-auction, spiral, toxic-spiral, dust. */
describe("scenario presets: oracles and liquidation mechanisms", function () {
  this.timeout(300_000);

  it("oracle-lag: bad debt appears once the move within the latency outruns the 5% bonus; the back-runner profits", async () => {
    const patch = (latencySeconds: number) => ({ blocks: 45, oracle: { latencySeconds } });
    const none = await small("oracle-lag", patch(0));
    const long = await small("oracle-lag", patch(120));
    // ~1% a block: 120 s = 10 blocks ≈ 10% of price, more than the bonus absorbs (1 − 0.85 × 1.05 ≈ 10.75% of cover)
    expect(long.h.badDebt).to.be.greaterThan(5 * Math.max(none.h.badDebt, 1000));
    expect(long.r.summary.oracleError.maxAbsPct).to.be.greaterThan(8);
    expect(none.r.summary.oracleError.maxAbsPct).to.be.lessThan(3);
    const byStrategy = profitByStrategy(long.r);
    expect(byStrategy["oracle-backrunner"]).to.be.greaterThan(0);
  });

  it("market-vs-auction: same shock; the Dutch auction's peak AMM drawdown, borrower losses and time to clear", async () => {
    // Pinned to the legacy keepers the direction was found with. Under the default (atomic, amm-depth) keepers it
    // flips (a finding): fixed bonus 22 liquidations, AMM peak drawdown 23.6%, clear after 35 blocks; auction 11
    // takes, 26.5%, 17 blocks (20 borrowers, 40 blocks; remeasure by dropping keeperModel here).
    const market = await small("market-vs-auction", { blocks: 40, keeperModel: "legacy" });
    const auction = await small("market-vs-auction-dutch", { blocks: 40, keeperModel: "legacy" });
    expect(market.h.liquidations).to.be.greaterThan(5);
    expect(auction.h.auctionTakes).to.be.greaterThan(5);
    // Direction found (see docs/SCENARIOS.md): the slow auction with small takers spreads the selling, so the
    // AMM's peak drawdown is lower; it takes longer to clear.
    expect(auction.h.ammDrawdownPct).to.be.lessThan(market.h.ammDrawdownPct);
    expect(auction.h.timeToClear).to.be.at.least(market.h.timeToClear);
  });

  it("spiral: an AMM-spot oracle liquidates more positions and falls further than the external-price oracle", async () => {
    // With the default (atomic, amm-depth) keepers: 11 liquidations and an oracle drawdown of 14.2% on the AMM spot
    // against 9 and 10.0% (the shock itself) on the external price. Both cascades last 11 blocks: amm-depth keepers
    // wait for arbitrage to refill the thin AMM under either oracle, so the legacy keepers' "more rounds" is gone.
    const amm = await small("spiral", { blocks: 40 });
    const ext = await small("spiral", { blocks: 40, oracle: { source: "external" } });
    expect(amm.h.liquidations).to.be.greaterThan(ext.h.liquidations);
    expect(amm.r.summary.oraclePeakDrawdown).to.be.greaterThan(ext.r.summary.oraclePeakDrawdown + 0.03);
  });

  it("spiral, legacy keepers: the AMM-spot oracle keeps the cascade going for more rounds", async () => {
    const amm = await small("spiral", { blocks: 40, keeperModel: "legacy" });
    const ext = await small("spiral", { blocks: 40, oracle: { source: "external" }, keeperModel: "legacy" });
    expect(amm.h.liquidations).to.be.greaterThan(ext.h.liquidations);
    expect(amm.h.cascadeBlocks).to.be.greaterThan(ext.h.cascadeBlocks);
    expect(amm.r.summary.oraclePeakDrawdown).to.be.greaterThan(ext.r.summary.oraclePeakDrawdown + 0.05);
  });

  it("toxic-spiral: positions past LTV 1/(1 + bonus) end in bad debt, each closed by one liquidation", async () => {
    const { r, h } = await small("toxic-spiral");
    expect(h.badDebt).to.be.greaterThan(1000);
    // the lifted close factor: a toxic position is liquidated once (all its collateral), not bled in halves
    const per = liquidationsPerBorrower(r);
    expect(per.filter((n) => n === 1).length).to.be.greaterThan(per.length / 2);
    expect(r.blocks.at(-1)!.positionsAtRisk[0]).to.equal(0); // nothing left below health 1
  });

  it("dust-insolvency: at 300 gwei small positions are not worth liquidating and remain; at 1 gwei most are cleared", async () => {
    // Pinned to the legacy keepers. Under the default (atomic, amm-depth) keepers the direction holds but "most are
    // cleared" does not (a finding): 300 gwei, 0 liquidations and 20 of 20 positions under water at the end; 1 gwei,
    // 9 liquidations and 17 still under water (20 borrowers; remeasure by dropping keeperModel here).
    const dear = await small("dust-insolvency", { keeperModel: "legacy" });
    const cheap = await small("dust-insolvency", { chain: { baseFee: { initialGwei: 1 } }, keeperModel: "legacy" });
    const leftDear = dear.r.blocks.at(-1)!.positionsAtRisk[0];
    const leftCheap = cheap.r.blocks.at(-1)!.positionsAtRisk[0];
    expect(leftDear).to.be.greaterThan(leftCheap + 3);
    expect(dear.h.neverLiquidated).to.be.greaterThan(cheap.h.neverLiquidated);
    expect(cheap.h.liquidations).to.be.greaterThan(dear.h.liquidations);
  });

  it("black-thursday: congested, capital-short keepers — the naive auction sells near zero, Liquidations 2.0 does not", async () => {
    const naive = await small("black-thursday", { blocks: 70 });
    const lm2 = await small("black-thursday-lm2", { blocks: 70 });
    expect(naive.h.auctionTakes).to.be.greaterThan(3);
    expect(naive.h.liquidationPriceToExternal!).to.be.lessThan(0.6); // collateral went for well under half its worth
    // Liquidations 2.0: what is taken is taken near the market (in a small world the takers may take nothing)
    if (lm2.h.liquidationPriceToExternal !== null) expect(lm2.h.liquidationPriceToExternal).to.be.greaterThan(0.85);
    expect(naive.h.badDebt).to.be.greaterThan(lm2.h.badDebt + 10_000);
  });
});
