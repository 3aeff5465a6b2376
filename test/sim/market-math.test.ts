import { expect } from "chai";
import { ethers } from "hardhat";
import { deployMarket, openPosition, ETH, USDC, FEED, MARKET, ETH_PARAMS } from "../lending/fixtures";
import { previewMaxLiquidation, liquidationAmounts, type MarketRules } from "../../scripts/sim/market-math";
import { Rng } from "../../scripts/sim/random";

/** The off-chain `previewLiquidation` the observer gives keepers, against the market's own on chain. */
describe("market math: previewMaxLiquidation", function () {
  this.timeout(120_000);

  const rules: MarketRules = {
    liquidationThreshold: ETH_PARAMS.liquidationThreshold,
    closeFactor: MARKET.closeFactor,
    fullCloseHealthFactor: MARKET.fullCloseHealthFactor,
    liquidationBonusBps: BigInt(ETH_PARAMS.liquidationBonusBps),
    dust: MARKET.dust,
    unitScale: 10n ** 30n,
    feedDecimals: 8,
  };

  it("(0, 0) for a healthy position; the whole-debt request's amounts for a liquidatable one", () => {
    const pos = { collateral: ETH(1), debt: USDC(1_500) };
    expect(previewMaxLiquidation(pos, rules, 2000n * 10n ** 18n)).to.deep.equal({ repay: 0n, seized: 0n });
    const price = 1800n * 10n ** 18n; // health 0.96: close factor
    const max = liquidationAmounts(pos, rules, price, pos.debt);
    expect(previewMaxLiquidation(pos, rules, price)).to.deep.equal({ repay: max.repaid, seized: max.seized });
    expect(max.repaid).to.equal(USDC(750));
  });

  it("equals LendingPool.previewLiquidation on seeded positions at falling prices (close factor, full close, toxic, dust)", async () => {
    const m = await deployMarket();
    const weth = await m.weth.getAddress();
    const rng = new Rng("market-math");
    const borrowers = m.signers.slice(2, 14);
    for (const b of borrowers) {
      const collateral = ETH(1) + BigInt(Math.floor(rng.uniform() * 5e18));
      // LTV 75% at 2,000: borrow between 40% and 74% of the collateral's value.
      const share = 0.4 + 0.34 * rng.uniform();
      const debt = (((collateral * 2000n) / 10n ** 12n) * BigInt(Math.round(share * 1e6))) / 1_000_000n;
      await openPosition(m, b, { weth: collateral }, debt);
    }
    let compared = 0;
    let liquidatable = 0;
    for (const p of [2000, 1800, 1650, 1500, 1300, 1100, 900]) {
      await m.ethFeed.setAnswer(FEED(p));
      const answer = FEED(p);
      for (const b of borrowers) {
        const pos = { collateral: await m.pool.collateralOf(b.address, weth), debt: await m.pool.debtOf(b.address) };
        const [repay, seized] = await m.pool.previewLiquidation(b.address, weth, ethers.MaxUint256);
        expect(previewMaxLiquidation(pos, rules, answer * 10n ** 10n), `${b.address} at ${p}`).to.deep.equal({
          repay,
          seized,
        });
        compared += 1;
        if (repay > 0n) liquidatable += 1;
      }
    }
    expect(compared).to.equal(borrowers.length * 7);
    expect(liquidatable).to.be.greaterThan(borrowers.length);
  });
});
