/**
 * Gas of the perp market's actions, measured on a fresh small world (receipts' gasUsed, never typed by hand):
 * open (long, short), close, liquidate (market sale, slice, backstop takeover, with ADL over n open positions),
 * accrueFunding. Used by docs.ts for docs/derivatives-perp.md.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ContractTransactionResponse } from "ethers";
import type { ConstantProductPool, LaggedPriceFeed, MockERC20, PerpMarket } from "../../../typechain-types";
import { defaultPerpParams, type PerpParams } from "./params";
import { isqrt } from "./external";

const USD = 10n ** 6n;
const ETH = 10n ** 18n;

export interface GasRow {
  action: string;
  gasUsed: bigint;
}

async function world(hre: HardhatRuntimeEnvironment, overrides: Partial<PerpParams>, insurance: bigint) {
  const { ethers } = hre;
  await hre.network.provider.send("hardhat_reset", []);
  const [admin, trader, keeper, whale] = await ethers.getSigners();
  const debt = (await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6])) as unknown as MockERC20;
  const base = (await ethers.deployContract("MockERC20", ["Wrapped Ether", "WETH", 18])) as unknown as MockERC20;
  const pool = (await ethers.deployContract("ConstantProductPool", [
    debt,
    base,
    30,
    "LP",
    "LP",
  ])) as unknown as ConstantProductPool;
  await debt.mint(pool, 2_000_000n * USD);
  await base.mint(pool, 1_000n * ETH);
  await pool.mint(admin.address);
  const feed = (await ethers.deployContract("LaggedPriceFeed", [
    8,
    "ETH / USD",
    admin.address,
    admin.address,
    0,
    0,
  ])) as unknown as LaggedPriceFeed;
  const submit = async (usd: bigint) =>
    feed.submit(usd * 10n ** 8n, (await ethers.provider.getBlock("latest"))!.timestamp);
  await submit(2_000n);
  const params = { ...defaultPerpParams(6), ...overrides };
  const market = (await ethers.deployContract("PerpMarket", [
    pool,
    debt,
    base,
    feed,
    admin.address,
    params,
  ])) as unknown as PerpMarket;
  await debt.mint(admin.address, 1_000_000n * USD + insurance);
  await base.mint(admin.address, 200n * ETH);
  await debt.approve(market, ethers.MaxUint256);
  await base.approve(market, ethers.MaxUint256);
  await market.fundVault(1_000_000n * USD, 200n * ETH);
  if (insurance > 0n) await market.fundInsurance(insurance);
  for (const s of [trader, keeper, whale]) {
    await debt.mint(s.address, 100_000_000n * USD);
    await base.mint(s.address, 100_000n * ETH);
    await debt.connect(s).approve(market, ethers.MaxUint256);
  }
  /** Moves pool and mark to `usd`. */
  const moveMarket = async (usd: bigint) => {
    const [r0, r1] = await pool.getReserves();
    const baseIs0 = (await pool.token0()) === (await base.getAddress());
    const [rb, rd] = baseIs0 ? [r0, r1] : [r1, r0];
    const targetRb = isqrt((rb * rd * ETH) / (usd * USD));
    if (targetRb > rb) {
      const amountIn = targetRb - rb;
      const out = (amountIn * 9_970n * rd) / (rb * 10_000n + amountIn * 9_970n);
      await base.connect(whale).transfer(pool, amountIn);
      await pool.connect(whale).swap(baseIs0 ? 0n : out, baseIs0 ? out : 0n, whale.address, "0x");
    }
    await submit(usd);
  };
  const used = async (tx: Promise<ContractTransactionResponse>) => (await (await tx).wait())!.gasUsed;
  return { market, trader, keeper, moveMarket, used };
}

export async function measurePerpGas(hre: HardhatRuntimeEnvironment, adlPositions = [1, 10, 50]): Promise<GasRow[]> {
  const rows: GasRow[] = [];
  const max = 2n ** 255n;
  {
    const w = await world(hre, {}, 10_000n * USD);
    rows.push({
      action: "openPosition (long, 10 ETH)",
      gasUsed: await w.used(w.market.connect(w.trader).openPosition(true, 10n * ETH, 1_500n * USD, max)),
    });
    rows.push({
      action: "openPosition (short, 10 ETH)",
      gasUsed: await w.used(w.market.connect(w.trader).openPosition(false, 10n * ETH, 1_500n * USD, 0n)),
    });
    rows.push({
      action: "closePosition (long)",
      gasUsed: await w.used(w.market.connect(w.trader).closePosition(1n, 0n)),
    });
    rows.push({ action: "accrueFunding", gasUsed: await w.used(w.market.accrueFunding()) });
  }
  {
    const w = await world(hre, {}, 10_000n * USD);
    await w.market.connect(w.trader).openPosition(true, 10n * ETH, 1_500n * USD, max);
    await w.moveMarket(1_920n);
    rows.push({
      action: "liquidate (market sale, whole position)",
      gasUsed: await w.used(w.market.connect(w.keeper).liquidate(1n)),
    });
  }
  {
    const w = await world(hre, { largePositionNotional: 10_000n * USD }, 10_000n * USD);
    await w.market.connect(w.trader).openPosition(true, 10n * ETH, 1_500n * USD, max);
    await w.moveMarket(1_920n);
    rows.push({
      action: "liquidate (market sale, one 20% slice)",
      gasUsed: await w.used(w.market.connect(w.keeper).liquidate(1n)),
    });
  }
  {
    const w = await world(hre, {}, 10_000n * USD);
    await w.market.connect(w.trader).openPosition(true, 10n * ETH, 1_500n * USD, max);
    await w.moveMarket(1_880n);
    rows.push({
      action: "liquidate (backstop takeover)",
      gasUsed: await w.used(w.market.connect(w.keeper).liquidate(1n)),
    });
  }
  for (const n of adlPositions) {
    const w = await world(hre, {}, 0n);
    for (let i = 0; i < n; i++) await w.market.connect(w.trader).openPosition(false, ETH / 10n, 100n * USD, 0n);
    const id = await w.market.nextPositionId();
    await w.market.connect(w.trader).openPosition(true, 10n * ETH, 1_500n * USD, max);
    await w.moveMarket(1_750n);
    rows.push({
      action: `liquidate (bad debt, ADL ranking ${n} opposite position${n > 1 ? "s" : ""})`,
      gasUsed: await w.used(w.market.connect(w.keeper).liquidate(id)),
    });
  }
  return rows;
}
