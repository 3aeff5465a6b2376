import { expect } from "chai";
import { small } from "./helpers";
import { auctionFigures, feedFigures, lossFigures } from "../../scripts/historical/figures";

/**
 * The replays on real candles (scenarios/historical/, data/prices/), shrunk to short windows and 20 borrowers:
 * each asserts the direction of its finding (docs/historical-replays.md has the full runs).
 */
describe("scenario presets: historical replays on real prices", function () {
  this.timeout(600_000);

  it("Black Thursday 2020: zero bids with the 2020 auctions on the real ETH path, none with Liquidations 2.0", async () => {
    const window = { blocks: 72 }; // 2020-03-12 06:00 → 18:00 UTC of tape
    const naive = await small("historical/black-thursday-2020", window);
    const lm2 = await small("historical/black-thursday-2020-lm2", window);
    expect(naive.r.blocks[0].exogenousPrice).to.equal(181.71); // the Gemini candle's open at 06:00
    const a = auctionFigures(naive.r);
    const b = auctionFigures(lm2.r);
    expect(a.nearZeroTakes).to.be.greaterThan(0);
    expect(a.nearZeroShare).to.be.greaterThan(0.1);
    expect(b.takes).to.be.greaterThan(0);
    expect(b.nearZeroTakes).to.equal(0);
    expect(naive.h.badDebt).to.be.greaterThan(lm2.h.badDebt);
  });

  it("LUNA 2022: the minAnswer clamp lets the exploiter drain the market; the floor and staleness guards stop it", async () => {
    const window = { blocks: 60, path: { start: 1652335200 } }; // 2022-05-12 06:00 → 21:00 UTC, 0.10 crossed ≈10:00
    const open = lossFigures((await small("historical/luna-2022", window)).r);
    const guarded = lossFigures((await small("historical/luna-2022-guarded", window)).r);
    const staleOnly = lossFigures(
      (await small("historical/luna-2022", { ...window, market: { collateral: { maxPriceAgeSeconds: 36 } } })).r,
    );
    expect(open.exploiterProfit).to.be.greaterThan(0);
    expect(open.lendersLossShare).to.be.greaterThan(0.2); // a fifth of the market and more, with 20 borrowers
    // the clamp keeps answers fresh: a staleness guard alone changes nothing
    expect(staleOnly.lendersLoss).to.equal(open.lendersLoss);
    // the floor guard holds the last good answer, which the staleness guard then refuses
    expect(guarded.lendersLoss).to.be.lessThan(open.lendersLoss / 5);
    expect(guarded.exploiterBorrowed).to.be.lessThan(open.exploiterBorrowed / 5);
  });

  it("USDC 2023: a market feed liquidates at the trough, an at-par feed does not and hides the liquidatable book", async () => {
    const window = { blocks: 30, path: { start: 1678471200 } }; // 2023-03-10 18:00 → 03-11 09:00 UTC (trough 07:00)
    const market = feedFigures((await small("historical/usdc-2023", window)).r);
    const par = feedFigures((await small("historical/usdc-2023-at-par", window)).r);
    expect(market.liquidations).to.be.greaterThan(0);
    expect(market.borrowerLoss).to.be.greaterThan(0);
    expect(par.liquidations).to.equal(0);
    expect(par.liquidatableAtMarket).to.be.greaterThan(0);
  });
});
