/**
 * A lending market on one chain of a ChainSet: the lab's LendingPool with one collateral asset priced by a
 * LaggedPriceFeed, a stablecoin debt asset, lenders' supply, and borrowers opened through PositionOpener (each
 * borrower is an impersonated address that authorises the opener).
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type {
  AtomicLiquidator,
  LaggedPriceFeed,
  LendingPool,
  MockERC20,
  PositionOpener,
  WrappedAsset,
} from "../../../typechain-types";
import { toFixedUnits } from "../../sim/wad";
import type { LabChain } from "../lab-chain";

const WAD = 10n ** 18n;
/** Borrowers opened per PositionOpener transaction (one setup block each). The network keeps every executed step of
 * a request until the request is answered: 80 per transaction (20M gas) held a few hundred MB at once. */
const OPEN_BATCH = 25;
/** Borrowers per `healthFactorsOf` call of a scan, for the same reason: 1,000 in one call is an 8M-gas eth_call. */
const SCAN_CHUNK = 250;

/** A market's parameters, with units and defaults. */
export interface ChainMarketSpec {
  /** Max borrow per unit of collateral value (fraction). Default 0.75. */
  readonly ltv: number;
  /** Liquidation threshold (fraction). Default 0.8. */
  readonly liquidationThreshold: number;
  /** Liquidator's bonus, basis points. Default 500. */
  readonly liquidationBonusBps: number;
  /** Lenders' supply, whole debt tokens. Default 10,000,000. */
  readonly lenderSupply: number;
  /** Oldest feed answer the market accepts, seconds. Default 3,600. */
  readonly maxPriceAge: number;
}

export const DEFAULT_CHAIN_MARKET: ChainMarketSpec = {
  ltv: 0.75,
  liquidationThreshold: 0.8,
  liquidationBonusBps: 500,
  lenderSupply: 10_000_000,
  maxPriceAge: 3_600,
};

export interface ChainMarket {
  readonly chain: LabChain;
  readonly pool: LendingPool;
  /** The home asset on A, its wrapped form on B. */
  readonly collateral: MockERC20 | WrappedAsset;
  readonly debt: MockERC20;
  readonly feed: LaggedPriceFeed;
  readonly liquidator: AtomicLiquidator;
  readonly opener: PositionOpener;
  readonly borrowers: string[];
}

export interface BorrowerSeed {
  readonly address: string;
  /** Collateral and debt, token units. */
  readonly collateral: bigint;
  readonly debt: bigint;
}

/** Deploys the market (setup blocks). `admin` must hold the collateral it later opens positions with. */
export async function deployChainMarket(
  chain: LabChain,
  admin: HardhatEthersSigner,
  collateral: ChainMarket["collateral"],
  debt: MockERC20,
  feed: LaggedPriceFeed,
  spec: ChainMarketSpec = DEFAULT_CHAIN_MARKET,
): Promise<ChainMarket> {
  const pool = await chain.deploy<LendingPool>(
    "LendingPool",
    [
      await debt.getAddress(),
      admin.address,
      {
        closeFactor: WAD / 2n,
        fullCloseHealthFactor: (WAD * 95n) / 100n,
        dust: 10n ** 6n,
        reserveFactorBps: 1000,
        mechanisms: 1,
      },
      // Zero interest: the contagion runs last minutes, and debts stay put to the unit between blocks.
      { baseRatePerYear: 0n, slope1PerYear: 0n, slope2PerYear: 0n, kinkUtilization: WAD / 2n },
    ],
    admin,
  );
  await chain.settle(
    pool.listCollateral(await collateral.getAddress(), {
      feed: await feed.getAddress(),
      maxPriceAge: spec.maxPriceAge,
      ltv: toFixedUnits(spec.ltv, 18),
      liquidationThreshold: toFixedUnits(spec.liquidationThreshold, 18),
      liquidationBonusBps: spec.liquidationBonusBps,
      supplyCap: 2n ** 127n,
    }),
  );
  const decimals = Number(await debt.decimals());
  const supply = toFixedUnits(spec.lenderSupply, decimals);
  await chain.settle(debt.mint(admin.address, supply));
  await chain.settle(debt.approve(await pool.getAddress(), supply));
  await chain.settle(pool.supply(supply, admin.address));
  const liquidator = await chain.deploy<AtomicLiquidator>("AtomicLiquidator", [], admin);
  const opener = await chain.deploy<PositionOpener>("PositionOpener", [], admin);
  return { chain, pool, collateral, debt, feed, liquidator, opener, borrowers: [] };
}

/** Opens `seeds` (setup blocks): each borrower authorises the opener (impersonated), then the admin deposits and
 * borrows for them in one transaction. The admin must hold the collateral. */
export async function openBorrowers(m: ChainMarket, admin: HardhatEthersSigner, seeds: readonly BorrowerSeed[]) {
  const c = m.chain;
  const debt = seeds.reduce((a, b) => a + b.debt, 0n);
  const [supplied, borrowed] = await m.pool.totals();
  if (debt > supplied - borrowed) {
    throw new Error(
      `chain ${c.spec.name}: the ${seeds.length} borrowers borrow ${debt} debt units, more than the ` +
        `${supplied - borrowed} lenders have left (raise market.lenderSupply, or lower borrowersPerChain)`,
    );
  }
  const opener = await m.opener.getAddress();
  // Every balance is set before the first authorisation is sent: the network re-checks every pending transaction
  // against the new state on each hardhat_setBalance, so setting balances between sends cost O(n^2) checks (6 s of
  // 11 s for 1,000 borrowers). The block mined below holds the same transactions in the same order either way.
  for (const b of seeds) {
    await c.chain.impersonate(b.address);
    await c.chain.setBalance(b.address, 10n ** 18n);
  }
  const sent = [];
  for (const b of seeds) {
    const s = await c.signerAt(b.address);
    sent.push(await m.pool.connect(s).setAuthorization(opener, true, { gasLimit: 100_000n }));
  }
  await c.mineAt(c.lastTimestamp + 1);
  for (const tx of sent) {
    const r = await c.chain.receipt(tx.hash);
    if (r?.status !== 1) throw new Error(`chain ${c.spec.name}: authorisation ${tx.hash} failed`);
  }
  const total = seeds.reduce((a, b) => a + b.collateral, 0n);
  await c.settle(m.collateral.connect(admin).approve(opener, total));
  // Batches that fit a block: a deposit and a borrow cost about 250k gas together.
  for (let i = 0; i < seeds.length; i += OPEN_BATCH) {
    const batch = seeds.slice(i, i + OPEN_BATCH);
    await c.settle(
      m.opener.connect(admin).open(
        await m.pool.getAddress(),
        await m.collateral.getAddress(),
        batch.map((b) => b.address),
        batch.map((b) => b.collateral),
        batch.map((b) => b.debt),
        { gasLimit: 30_000_000n },
      ),
    );
  }
  m.borrowers.push(...seeds.map((b) => b.address));
}

/** Every borrower's health factor (WAD), in order, read in calls of at most SCAN_CHUNK borrowers (same values as one
 * call: a view on the same state). */
export async function healthFactors(m: ChainMarket): Promise<bigint[]> {
  const out: bigint[] = [];
  for (let i = 0; i < m.borrowers.length; i += SCAN_CHUNK) {
    out.push(...(await m.pool.healthFactorsOf(m.borrowers.slice(i, i + SCAN_CHUNK))));
  }
  return out;
}
