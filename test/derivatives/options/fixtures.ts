import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { deployOptionsVenue, type VenueOptions } from "../../../scripts/derivatives/options/deploy";

export const WAD = 10n ** 18n;
export const DAY = 86_400n;
export const FEED_DECIMALS = 8n;
export const SPOT = 2000n * WAD;

/** WAD price -> the feed's 8-decimal answer. */
export const answer = (wadPrice: bigint) => wadPrice / 10n ** (18n - FEED_DECIMALS);
export const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
export const mulWadUp = (a: bigint, b: bigint) => ceilDiv(a * b, WAD);

/** A venue on an 18-decimal quote token and a settable feed at 2000, with writer, buyer, keeper funded. */
export async function venueFixture(o: VenueOptions = {}) {
  const [admin, writer, buyer, keeper, other] = await ethers.getSigners();
  const quote = await ethers.deployContract("MockERC20", ["USD", "USD", 18]);
  const feed = await ethers.deployContract("MockPriceFeed", [Number(FEED_DECIMALS), answer(SPOT)]);
  const venue = await deployOptionsVenue(admin, await quote.getAddress(), await feed.getAddress(), o);
  for (const s of [admin, writer, buyer, keeper, other]) {
    await quote.mint(s.address, 10n ** 9n * WAD);
    await quote.connect(s).approve(await venue.getAddress(), ethers.MaxUint256);
  }
  const now = BigInt(await time.latest());
  return { admin, writer, buyer, keeper, other, quote, feed, venue, now };
}

/** quote balance of the venue == totalCash + insuranceFund + totalPayoutPools (money conserved to the wei). */
export async function expectConserved(f: Awaited<ReturnType<typeof venueFixture>>) {
  const balance = await f.quote.balanceOf(await f.venue.getAddress());
  const booked = (await f.venue.totalCash()) + (await f.venue.insuranceFund()) + (await f.venue.totalPayoutPools());
  if (balance !== booked) throw new Error(`money not conserved: balance ${balance} != booked ${booked}`);
}
