import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployPerp, ETH, USD, open, moveMarket } from "./fixture";

/**
 * Audit A4 (docs/derivatives-perp-audit.md): ADL ranks by profit % × leverage and each round deleverages one
 * position, so dust winners with a sliver of margin rank first and spend the `maxAdlPerLiquidation` rounds covering
 * wei while a large winner that could cover the whole shortfall is never reached.
 */
describe("PerpMarket audit: ADL rounds and dust winners", () => {
  const fixture = () => deployPerp({ maxAdlPerLiquidation: 3n }, 0n);

  it.skip("A4: dust winners must not leave bad debt uncovered while a large winner can cover it", async () => {
    const f = await loadFixture(fixture);
    const loser = await open(f, f.alice, true, 10n * ETH, 1_300n * USD);
    await open(f, f.bob, false, 10n * ETH, 2_000n * USD);
    for (let i = 0; i < 3; i++) await f.market.connect(f.carol).openPosition(false, 10n ** 13n, 1_100n, 0n);
    await moveMarket(f, 1_700n);
    await f.market.connect(f.keeper).liquidate(loser);
    expect(await f.market.badDebtTotal()).to.be.greaterThan(0n);
    // Measured on the current code: the three dust shorts are deleveraged (2 941 debt units each) and
    // 1 973.15 USD stays uncovered while the 10 ETH short, about 3 000 USD in profit, is never reached.
    expect(await f.market.badDebtUncovered()).to.equal(0n);
  });

  // A3: 200 positions (the default `maxOpenPositions`) and `maxAdlPerLiquidation` 50 (within its bound): on the
  // current code the liquidation runs out of a 29M gas limit, so the bad debt is never recognised. Slow (~45 s).
  it.skip("A3: a liquidation needing ADL fits in a block at the parameter bounds", async () => {
    const f = await deployPerp({ maxAdlPerLiquidation: 50n, maxOpenPositions: 200n }, 0n);
    const loser = await open(f, f.alice, true, 10n * ETH, 1_300n * USD);
    await open(f, f.bob, false, 10n * ETH, 2_000n * USD);
    for (let i = 0; i < 198; i++) await f.market.connect(f.carol).openPosition(false, 10n ** 13n, 1_100n, 0n);
    await moveMarket(f, 1_700n);
    await f.market.connect(f.keeper).liquidate(loser, { gasLimit: 29_000_000n });
    expect(await f.market.badDebtTotal()).to.be.greaterThan(0n);
  });
});
