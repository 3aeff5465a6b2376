import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { DEFAULT_AUCTION, DEFAULT_MARGIN } from "../../../scripts/derivatives/options/params";

const WAD = 10n ** 18n;
const DAY = 86_400n;
const harness = () => ethers.deployContract("OptionMarginLibHarness");

describe("OptionMarginLib (issue 20)", () => {
  it("scales the grid's vol shock by √(30 d / τ), capped at 4x, and not at all from 30 days", async () => {
    const h = await loadFixture(harness);
    const vol = (8n * WAD) / 10n;
    // +30% at 30 days and beyond
    expect(await h.shockedVol(vol, 30n * DAY, DEFAULT_MARGIN)).to.equal((vol * 13n) / 10n);
    expect(await h.shockedVol(vol, 90n * DAY, DEFAULT_MARGIN)).to.equal((vol * 13n) / 10n);
    // 7.5 days: √4 = 2 -> +60%
    expect(await h.shockedVol(vol, (15n * DAY) / 2n, DEFAULT_MARGIN)).to.equal((vol * 16n) / 10n);
    // 1 day and at expiry: capped at 4 -> +120%
    expect(await h.shockedVol(vol, DAY, DEFAULT_MARGIN)).to.equal((vol * 22n) / 10n);
    expect(await h.shockedVol(vol, 0n, DEFAULT_MARGIN)).to.equal((vol * 22n) / 10n);
  });

  it("prices a solvent auction 95% -> 70% over 15 minutes, then -> 0 over 12 hours, rounding down", async () => {
    const h = await loadFixture(harness);
    expect(await h.solventBidBps(0n, DEFAULT_AUCTION)).to.equal(9_500n);
    expect(await h.solventBidBps(1n, DEFAULT_AUCTION)).to.equal(9_497n); // 95% − ⌈2500/900⌉
    expect(await h.solventBidBps(450n, DEFAULT_AUCTION)).to.equal(8_250n);
    expect(await h.solventBidBps(900n, DEFAULT_AUCTION)).to.equal(7_000n);
    expect(await h.solventBidBps(900n + 6n * 3_600n, DEFAULT_AUCTION)).to.equal(3_500n);
    expect(await h.solventBidBps(900n + 12n * 3_600n, DEFAULT_AUCTION)).to.equal(0n);
    expect(await h.solventBidBps(10n * DAY, DEFAULT_AUCTION)).to.equal(0n);
    expect(await h.insolventProgress(6n * 3_600n, DEFAULT_AUCTION)).to.equal(WAD / 2n);
    expect(await h.insolventProgress(13n * 3_600n, DEFAULT_AUCTION)).to.equal(WAD);
  });

  it("adds the buffer to the mark, x1.5 for the initial requirement, rounding up", async () => {
    const h = await loadFixture(harness);
    const spot = 2_000n * WAD;
    expect(await h.requirementPerUnit(true, 10n * WAD, spot, false, DEFAULT_MARGIN)).to.equal(190n * WAD);
    expect(await h.requirementPerUnit(true, 10n * WAD, spot, true, DEFAULT_MARGIN)).to.equal(280n * WAD);
    // put: min(9% spot = 180, 9% mark = 0.9) = 0.9
    expect(await h.requirementPerUnit(false, 10n * WAD, spot, false, DEFAULT_MARGIN)).to.equal((109n * WAD) / 10n);
    expect(await h.requirementPerUnit(false, 1n, spot, false, DEFAULT_MARGIN)).to.equal(2n); // 1 + ⌈0.09⌉
  });
});
