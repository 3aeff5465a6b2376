import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployPerp, ETH, USD, expectConserved, movePool } from "./fixture";

/**
 * Audit A2 (docs/derivatives-perp-audit.md): the initial-margin check at open counted the unrealised profit at the
 * mark. The position's entry is its pool fill, so while the (lagged) mark sits above the pool a long opens "in
 * profit" and that paper profit stood in for margin: 10 ETH at 20x maximum leverage opened on 300 USD of margin,
 * about 65x at the pool price. The check now counts losses at the mark, never gains.
 */
describe("PerpMarket audit: initial margin and paper profit", () => {
  const fixture = () => deployPerp();

  it("A2: a long opened below a stale mark cannot use the gap as margin", async () => {
    const f = await loadFixture(fixture);
    await movePool(f, 1_900n * USD); // the feed still says 2 000
    await expect(
      f.market.connect(f.alice).openPosition(true, 10n * ETH, 300n * USD, 2n ** 255n),
    ).to.be.revertedWithCustomError(f.market, "InsufficientInitialMargin");
    // With margin for 20x on the mark notional (20 000 / 20 = 1 000 plus the fee) it opens.
    await f.market.connect(f.alice).openPosition(true, 10n * ETH, 1_020n * USD, 2n ** 255n);
    await expectConserved(f);
  });

  it("A2: a short opened above a stale mark cannot use the gap as margin", async () => {
    const f = await loadFixture(fixture);
    await movePool(f, 2_100n * USD);
    await expect(
      f.market.connect(f.alice).openPosition(false, 10n * ETH, 400n * USD, 0n),
    ).to.be.revertedWithCustomError(f.market, "InsufficientInitialMargin");
  });

  it("A2b: margin cannot be withdrawn against paper profit at a stale mark", async () => {
    const f = await loadFixture(fixture);
    await movePool(f, 1_900n * USD);
    const id = await f.market.nextPositionId();
    await f.market.connect(f.alice).openPosition(true, 10n * ETH, 1_020n * USD, 2n ** 255n);
    await expect(f.market.connect(f.alice).removeMargin(id, 700n * USD)).to.be.revertedWithCustomError(
      f.market,
      "PositionUnhealthy",
    );
    await expectConserved(f);
  });
});
