import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployPerp, ETH, USD, open, expectConserved } from "./fixture";

/**
 * Audit A1 (docs/derivatives-perp-audit.md): `maxOpenPositions` is one global cap and a position had no minimum
 * size, so a griefer filled every slot with dust positions (1 wei of base each, a few wei of margin) and nobody
 * else could open a position until the griefer closed them. Fixed: `minPositionNotional` (default 10 whole debt
 * tokens at the mark, Hyperliquid's minimum order value) at open and for what a partial liquidation or ADL leaves.
 */
describe("PerpMarket audit: dust positions", () => {
  const CAP = 4n;
  const fixture = () => deployPerp({ maxOpenPositions: CAP });

  it("A1: dust positions must not exhaust the global open-position cap", async () => {
    const f = await loadFixture(fixture);
    for (let i = 0n; i < CAP; i++) {
      await expect(f.market.connect(f.carol).openPosition(true, 1n, 10n, 2n ** 255n)).to.be.revertedWithCustomError(
        f.market,
        "PositionTooSmall",
      );
    }
    expect((await f.market.openPositionIds()).length).to.equal(0);
    // The griefer's whole stake was a few wei of margin; a real trader must still be able to open.
    await open(f, f.alice, true, 1n * ETH, 1_000n * USD);
  });

  it("A1: the minimum is the mark notional, exact at the bound", async () => {
    const f = await loadFixture(fixture);
    const min = 10n * USD; // 0.005 ETH at 2 000
    await expect(f.market.connect(f.carol).openPosition(true, ETH / 200n - 1n, 2n * USD, 2n ** 255n))
      .to.be.revertedWithCustomError(f.market, "PositionTooSmall")
      .withArgs(min - 1n, min);
    await f.market.connect(f.carol).openPosition(true, ETH / 200n, 2n * USD, 2n ** 255n);
    await expectConserved(f);
  });

  // Attack on the fix: the cheapest way to fill the cap is now minimum positions at maximum leverage, hedged long
  // against short. The cost is no longer wei: each slot locks the initial margin of the minimum notional (0.5 USD at
  // 20x) plus the taker fee, and pays the pool's 30 bps twice to get out. Measured here for the record.
  it("A1 residual: filling the cap with minimum positions locks margin and pays the pool round trip", async () => {
    const f = await loadFixture(fixture);
    const before = await f.debt.balanceOf(f.carol.address);
    const ids: bigint[] = [];
    for (let i = 0n; i < CAP; i++) ids.push(await open(f, f.carol, i % 2n === 0n, ETH / 200n, 600_000n));
    await expect(open(f, f.alice, true, 1n * ETH, 1_000n * USD)).to.be.revertedWithCustomError(
      f.market,
      "TooManyPositions",
    );
    for (const id of ids)
      await f.market.connect(f.carol).closePosition(id, ids.indexOf(id) % 2 === 0 ? 0n : 2n ** 255n);
    const cost = before - (await f.debt.balanceOf(f.carol.address));
    // About 0.07 USD per slot (fees and the pool round trip); the margin (2.4 USD here) came back.
    expect(cost).to.be.greaterThan(CAP * 50_000n);
    await expectConserved(f);
  });
});
