import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

/** Audit of Black76's corners (docs/derivatives-options-audit.md): no revert, no price below intrinsic or above cap. */
const WAD = 10n ** 18n;
const YEAR = 365n * 86_400n;
const harness = () => ethers.deployContract("Black76Harness");

describe("audit: Black76 at its corners", () => {
  it("prices every corner of the venue's domain between intrinsic and F (call) or K (put), without reverting (too slow instrumented) @gas-budget", async () => {
    const h = await loadFixture(harness);
    // The venue's spot is a feed answer x 10^(18 - decimals): at least 1e10 wei for an 8-decimal feed.
    const prices = [10n ** 10n, 10n ** 15n, 2000n * WAD, 10n ** 30n, 10n ** 36n];
    const vols = [0n, 1n, 10n ** 9n, WAD / 100n, 5n * WAD];
    const taus = [0n, 1n, 12n, 86_400n, YEAR];
    let probes = 0;
    for (const forward of prices)
      for (const strike of prices)
        for (const vol of vols)
          for (const tau of taus)
            for (const isCall of [true, false]) {
              const p = await h.priceUp(isCall, forward, strike, vol, tau);
              const intrinsic = isCall
                ? forward > strike
                  ? forward - strike
                  : 0n
                : strike > forward
                  ? strike - forward
                  : 0n;
              const cap = isCall ? forward : strike;
              expect(p, `${isCall} F=${forward} K=${strike} vol=${vol} tau=${tau}`).to.be.within(intrinsic, cap);
              probes++;
            }
    expect(probes).to.equal(5 * 5 * 5 * 5 * 2);
  });

  it("OPT-05: prices a forward below strike / 1e27 (ln of a ratio that rounds to zero at 1e27)", async () => {
    const h = await loadFixture(harness);
    // Inside the library's documented domain (both in (0, 1e36]); reverted Black76LnOutOfRange(0) before the fix.
    expect(await h.priceUp(true, 1n, 10n ** 36n, WAD, YEAR)).to.equal(0n);
    expect(await h.priceUp(false, 1n, 10n ** 36n, WAD, YEAR)).to.be.at.least(10n ** 36n - 1n);
  });
});
