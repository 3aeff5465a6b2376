import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployPerp, ETH, USD, open } from "./fixture";

/**
 * Audit A1 (docs/derivatives-perp-audit.md): `maxOpenPositions` is one global cap and a position has no minimum
 * size, so a griefer fills every slot with dust positions (1 wei of base each, a few wei of margin) and nobody
 * else can open a position until the griefer closes them.
 */
describe("PerpMarket audit: dust positions", () => {
  const CAP = 4n;
  const fixture = () => deployPerp({ maxOpenPositions: CAP });

  it.skip("A1: dust positions must not exhaust the global open-position cap", async () => {
    const f = await loadFixture(fixture);
    for (let i = 0n; i < CAP; i++) {
      await f.market.connect(f.carol).openPosition(true, 1n, 10n, 2n ** 255n);
    }
    expect((await f.market.openPositionIds()).length).to.equal(Number(CAP));
    // The griefer's whole stake is a few wei of margin; a real trader must still be able to open.
    await open(f, f.alice, true, 1n * ETH, 1_000n * USD);
  });
});
