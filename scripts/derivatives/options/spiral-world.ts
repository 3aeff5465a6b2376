/**
 * The standalone options world: debt and collateral tokens, the lab's constant-product AMM and router, a lagged feed,
 * and an OptionsVenue; the driver refreshes the cached AMM reserves and block time at the start of each block.
 */
import { ethers } from "hardhat";
import type {
  ConstantProductPool,
  ConstantProductRouter,
  LaggedPriceFeed,
  MockERC20,
  OptionsVenue,
} from "../../../typechain-types";
import { deployOptionsVenue } from "./deploy";
import type { SpiralConfig } from "./spiral-preset";

const WAD = 10n ** 18n;
export const FEED_DECIMALS = 8;

export const toWad = (x: number): bigint => BigInt(Math.round(x * 1e6)) * 10n ** 12n;

export class SpiralWorld {
  debtAddress = "";
  collateralAddress = "";
  private reserveCollateral = 0n;
  private reserveDebt = 0n;
  private timestamp = 0;

  constructor(
    readonly debt: MockERC20,
    readonly collateral: MockERC20,
    readonly pool: ConstantProductPool,
    readonly router: ConstantProductRouter,
    readonly feed: LaggedPriceFeed,
    readonly venue: OptionsVenue,
  ) {}

  /** Re-reads the AMM reserves and the latest block time (start of each block). */
  async refresh(): Promise<void> {
    const [r0, r1] = await this.pool.getReserves();
    const collateralIsToken0 = (await this.pool.token0()) === this.collateralAddress;
    this.reserveCollateral = collateralIsToken0 ? r0 : r1;
    this.reserveDebt = collateralIsToken0 ? r1 : r0;
    this.timestamp = (await ethers.provider.getBlock("latest"))!.timestamp;
  }

  /** AMM mid price (WAD debt per collateral) at the start of the block. */
  spotWad(): bigint {
    return (this.reserveDebt * WAD) / this.reserveCollateral;
  }

  collateralReserve(): bigint {
    return this.reserveCollateral;
  }

  now(): number {
    return this.timestamp;
  }
}

/** Deploys the world and seeds the AMM at `c.spot` with `c.ammDepth` collateral. */
export async function buildSpiralWorld(c: SpiralConfig): Promise<SpiralWorld> {
  const [admin] = await ethers.getSigners();
  const debt = await ethers.deployContract("MockERC20", ["USD", "USD", 18]);
  const collateral = await ethers.deployContract("MockERC20", ["ETH", "ETH", 18]);
  const pool = await ethers.deployContract("ConstantProductPool", [
    await collateral.getAddress(),
    await debt.getAddress(),
    c.ammFeeBps,
    "ETH-USD LP",
    "ETH-USD-LP",
  ]);
  const router = await ethers.deployContract("ConstantProductRouter");
  const feed = await ethers.deployContract("LaggedPriceFeed", [
    FEED_DECIMALS,
    "ETH/USD",
    admin.address,
    admin.address,
    0,
    c.feedLatencyBlocks,
  ]);
  const depth = toWad(c.ammDepth);
  await collateral.mint(await pool.getAddress(), depth);
  await debt.mint(await pool.getAddress(), (depth * toWad(c.spot)) / WAD);
  await pool.mint(admin.address);
  const venue = await deployOptionsVenue(admin, await debt.getAddress(), await feed.getAddress(), {
    vol: toWad(c.vol),
  });
  const w = new SpiralWorld(debt, collateral, pool, router, feed, venue);
  w.debtAddress = await debt.getAddress();
  w.collateralAddress = await collateral.getAddress();
  await w.refresh();
  await feed.submit(w.spotWad() / 10n ** 10n, w.now());
  for (let i = 0; i < c.feedLatencyBlocks; i++) await ethers.provider.send("evm_mine", []);
  await w.refresh();
  return w;
}
