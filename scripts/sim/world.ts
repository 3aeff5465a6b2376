/**
 * Builds the world a scenario describes on Hardhat's network: tokens, AMM, lagged oracle, lending market,
 * optional Dutch auction, keeper helpers, and the borrower population (opened in batches).
 * Every agent is an impersonated address derived from a label, so no private keys are needed and any number of
 * agents can exist.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import type {
  AmmSpotFeed,
  AmmTwapFeed,
  OracleManipulator,
  BoundedFeed,
  ConstantProductPool,
  ConstantProductRouter,
  DutchAuctionLiquidator,
  FlashLiquidator,
  GasBurner,
  LaggedPriceFeed,
  LendingPool,
  MockERC20,
  RiskLens,
  CircuitBreaker,
  DynamicRiskController,
} from "../../typechain-types";
import { Chain } from "./chain";
import { ScenarioError, type Scenario } from "./scenario";
import { fromFixedUnits, toFixedUnits, toWad } from "./wad";
import type { Borrower } from "./population";
import { deployIsolation, openCalmPositions, submitCalmPrice, type IsolationWorld } from "./isolation";

export const FEED_DECIMALS = 8;
const RAY_DIGITS = 27;
const ETHER = 10n ** 18n;
const MECHANISMS = { "fixed-bonus": 1, "dutch-auction": 2, both: 3 } as const;

export interface Agent {
  label: string;
  address: string;
  signer: Signer;
}

export interface World {
  hre: HardhatRuntimeEnvironment;
  chain: Chain;
  scenario: Scenario;
  deployer: Agent;
  oracleUpdater: Agent;
  debt: MockERC20;
  collateral: MockERC20;
  amm: ConstantProductPool;
  router: ConstantProductRouter;
  feed: LaggedPriceFeed;
  /** The floor guard between `feed` and the market (`oracle.floorGuard`), or null. */
  boundedFeed: BoundedFeed | null;
  /** The feed the market reads: `spotFeed` (amm-spot-live), else `boundedFeed` when there is one, else `feed`. */
  marketFeed: AmmSpotFeed | BoundedFeed | LaggedPriceFeed;
  twap: AmmTwapFeed | null;
  /** The live spot feed the market reads when `oracle.source` is "amm-spot-live" (else the market reads `feed`). */
  spotFeed: AmmSpotFeed | null;
  pool: LendingPool;
  auctions: DutchAuctionLiquidator | null;
  flash: FlashLiquidator;
  burner: GasBurner;
  lens: RiskLens;
  breaker: CircuitBreaker | null;
  riskController: DynamicRiskController | null;
  /** The second, calm collateral and its lenders (`isolation.mode` shared or isolated); null when off. */
  isolation: IsolationWorld | null;
  /** With `attack.enabled`: the deep AMM the flash attack borrows from, and the attacker's contract. */
  attackLender: ConstantProductPool | null;
  manipulator: OracleManipulator | null;
  addresses: Record<string, string>;
  borrowers: string[];
  debtDecimals: number;
  collateralDecimals: number;
  /** Timestamp of the last setup block; simulated block i is mined at startTime + (i + 1) x block time. */
  startTime: number;
  opener: string;
}

/** A deterministic address for an agent label (no key: the engine impersonates it). */
export function agentAddress(hre: HardhatRuntimeEnvironment, label: string): string {
  const { ethers } = hre;
  return ethers.getAddress(ethers.dataSlice(ethers.keccak256(ethers.toUtf8Bytes(`cascade-lab/${label}`)), 12));
}

export async function makeAgent(hre: HardhatRuntimeEnvironment, chain: Chain, label: string, eth = 1_000n) {
  const address = agentAddress(hre, label);
  await chain.impersonate(address);
  await chain.setBalance(address, eth * ETHER);
  return { label, address, signer: await hre.ethers.getImpersonatedSigner(address) } as Agent;
}

/** `cut` kept per `stepSeconds` → RAY factor kept per second. */
function perSecondCutRay(cutPerStep: number, stepSeconds: number): bigint {
  return toFixedUnits(Math.pow(cutPerStep, 1 / stepSeconds), RAY_DIGITS);
}

/** The LendingPool constructor's market config and rate model for a scenario (shared by every market it deploys). */
export function marketArgs(s: Scenario) {
  const m = s.market;
  const market = {
    closeFactor: toWad(m.closeFactor),
    fullCloseHealthFactor: toWad(m.fullCloseHealthFactor),
    dust: toFixedUnits(m.dust, s.tokens.debt.decimals),
    reserveFactorBps: m.reserveFactorBps,
    mechanisms: MECHANISMS[s.liquidation.mechanism],
  };
  const rates = {
    baseRatePerYear: toWad(m.rateModel.baseRatePerYear),
    slope1PerYear: toWad(m.rateModel.slope1PerYear),
    slope2PerYear: toWad(m.rateModel.slope2PerYear),
    kinkUtilization: toWad(m.rateModel.kinkUtilization),
  };
  return [market, rates] as const;
}

/**
 * Deploys and configures every contract and supplies the lenders' funds (automine on). Time-dependent setup
 * (oracle, positions, agents) happens afterwards in `startClock`, on explicit timestamps.
 */
export async function buildWorld(
  hre: HardhatRuntimeEnvironment,
  s: Scenario,
  initialPrice: number,
  onProgress?: (what: string) => void,
): Promise<World> {
  const { ethers } = hre;
  const chain = new Chain(hre.network.provider);
  await chain.setAutomine(true);
  const [admin] = await ethers.getSigners();
  const deployer: Agent = { label: "deployer", address: admin.address, signer: admin };
  const oracleUpdater = await makeAgent(hre, chain, "oracle-updater");
  const deploy = async <T>(name: string, args: unknown[]) => (await ethers.deployContract(name, args, admin)) as T;

  onProgress?.("contracts");
  const debt = await deploy<MockERC20>("MockERC20", [
    s.tokens.debt.symbol,
    s.tokens.debt.symbol,
    s.tokens.debt.decimals,
  ]);
  const collateral = await deploy<MockERC20>("MockERC20", [
    s.tokens.collateral.symbol,
    s.tokens.collateral.symbol,
    s.tokens.collateral.decimals,
  ]);
  const debtDecimals = s.tokens.debt.decimals;
  const collateralDecimals = s.tokens.collateral.decimals;
  const d = (n: number) => toFixedUnits(n, debtDecimals);
  const c = (n: number) => toFixedUnits(n, collateralDecimals);

  const amm = await deploy<ConstantProductPool>("ConstantProductPool", [
    await collateral.getAddress(),
    await debt.getAddress(),
    s.amm.feeBps,
    "Cascade AMM LP",
    "CLP",
  ]);
  const router = await deploy<ConstantProductRouter>("ConstantProductRouter", []);
  await debt.mint(await amm.getAddress(), d(s.amm.depth));
  await collateral.mint(await amm.getAddress(), c(s.amm.depth / initialPrice));
  await amm.mint(admin.address);

  const feed = await deploy<LaggedPriceFeed>("LaggedPriceFeed", [
    FEED_DECIMALS,
    `${s.tokens.collateral.symbol} / ${s.tokens.debt.symbol}`,
    admin.address,
    oracleUpdater.address,
    s.oracle.latencySeconds,
    s.oracle.latencyBlocks,
  ]);
  const guard = s.oracle.floorGuard;
  const needsTwap =
    s.oracle.source === "amm-twap" ||
    (s.oracle.source === "median" && s.oracle.medianOf.includes("amm-twap")) ||
    (guard.enabled && guard.maxDeviationFromTwapBps > 0);
  const twap = needsTwap
    ? await deploy<AmmTwapFeed>("AmmTwapFeed", [
        await amm.getAddress(),
        await collateral.getAddress(),
        Math.max(60, s.oracle.twapWindowSeconds),
        FEED_DECIMALS,
        "AMM TWAP",
      ])
    : null;

  const spotFeed =
    s.oracle.source === "amm-spot-live"
      ? await deploy<AmmSpotFeed>("AmmSpotFeed", [await amm.getAddress(), await collateral.getAddress(), FEED_DECIMALS])
      : null;
  const boundedFeed = guard.enabled
    ? await deploy<BoundedFeed>("BoundedFeed", [
        await feed.getAddress(),
        admin.address,
        {
          floorAnswer: toFixedUnits(guard.floorPrice, FEED_DECIMALS),
          referenceFeed: guard.maxDeviationFromTwapBps > 0 ? await twap!.getAddress() : ethers.ZeroAddress,
          maxDeviationBps: guard.maxDeviationFromTwapBps,
        },
        `bounded ${s.tokens.collateral.symbol} / ${s.tokens.debt.symbol}`,
      ])
    : null;
  // The market reads the AMM spot live, or the lagged feed (through the floor guard when there is one).
  const marketFeed = spotFeed ?? boundedFeed ?? feed;

  const m = s.market;
  const pool = await deploy<LendingPool>("LendingPool", [await debt.getAddress(), admin.address, ...marketArgs(s)]);
  await pool.listCollateral(await collateral.getAddress(), {
    feed: await marketFeed.getAddress(),
    maxPriceAge: m.collateral.maxPriceAgeSeconds,
    ltv: toWad(m.collateral.ltv),
    liquidationThreshold: toWad(m.collateral.liquidationThreshold),
    liquidationBonusBps: m.collateral.liquidationBonusBps,
    supplyCap: c(m.collateral.supplyCap),
  });

  let auctions: DutchAuctionLiquidator | null = null;
  if (s.liquidation.mechanism !== "fixed-bonus") {
    const a = s.liquidation.auction;
    const curve =
      a.curve.kind === "linear"
        ? await ethers.deployContract("LinearDecrease", [a.curve.durationSeconds], admin)
        : a.curve.kind === "stairstep"
          ? await ethers.deployContract(
              "StairstepExponentialDecrease",
              [a.curve.stepSeconds, toFixedUnits(a.curve.cutPerStep, RAY_DIGITS)],
              admin,
            )
          : await ethers.deployContract(
              "ExponentialDecrease",
              [perSecondCutRay(a.curve.cutPerStep, a.curve.stepSeconds)],
              admin,
            );
    auctions = await deploy<DutchAuctionLiquidator>("DutchAuctionLiquidator", [
      admin.address,
      {
        curve: await curve.getAddress(),
        startPriceMultiplier: toWad(a.startPriceMultiplier),
        maxDuration: a.maxDurationSeconds,
        resetThreshold: toWad(a.resetThreshold),
        chipBps: a.chipBps,
        penaltyBps: a.penaltyBps,
      },
    ]);
    await pool.setAuctionLiquidator(await auctions.getAddress());
    await auctions.setMarketSettings(await pool.getAddress(), {
      enabled: true,
      tip: d(a.tip),
      debtLimit: d(a.maxDebtInAuction),
    });
    await auctions.setAssetDebtLimit(
      await pool.getAddress(),
      await collateral.getAddress(),
      d(a.maxDebtInAuctionPerAsset),
    );
  }
  const flash = await deploy<FlashLiquidator>("FlashLiquidator", []);
  const { breaker, riskController } = await deployRiskControls(hre, s, {
    admin: admin.address,
    pool,
    auctions,
    feed: await marketFeed.getAddress(),
    collateral: await collateral.getAddress(),
    amm: await amm.getAddress(),
    debtDecimals,
  });
  let attackLender: ConstantProductPool | null = null;
  let manipulator: OracleManipulator | null = null;
  if (s.attack.enabled) {
    // A deep second venue at the same price: where the flash attack borrows its collateral.
    attackLender = await deploy<ConstantProductPool>("ConstantProductPool", [
      await collateral.getAddress(),
      await debt.getAddress(),
      s.amm.feeBps,
      "Attack lender LP",
      "ALP",
    ]);
    await debt.mint(await attackLender.getAddress(), d(s.attack.lenderDepth));
    await collateral.mint(await attackLender.getAddress(), c(s.attack.lenderDepth / initialPrice));
    await attackLender.mint(admin.address);
    manipulator = await deploy<OracleManipulator>("OracleManipulator", [
      agentAddress(hre, "attacker"),
      await collateral.getAddress(),
      await debt.getAddress(),
    ]);
  }
  const burner = await deploy<GasBurner>("GasBurner", []);
  const lens = await deploy<RiskLens>("RiskLens", []);
  // Lenders' supply (nothing is borrowed yet, so the wall-clock time of this block does not matter).
  await debt.mint(admin.address, d(m.lenderSupply));
  await debt.approve(await pool.getAddress(), ethers.MaxUint256);
  await pool.supply(d(m.lenderSupply), admin.address);
  const isolation =
    s.isolation.mode === "off"
      ? null
      : await deployIsolation(hre, chain, s, { deployer, pool, debt, debtDecimals, lens: await lens.getAddress() });
  await chain.setBlockGasLimit(Math.max(s.chain.blockGasLimit, 200_000_000));
  const startTime = 0;
  const opener = await ethers.deployContract("PositionOpener", [], admin);
  return {
    hre,
    chain,
    scenario: s,
    deployer,
    oracleUpdater,
    debt,
    collateral,
    amm,
    router,
    feed,
    boundedFeed,
    marketFeed,
    twap,
    spotFeed,
    pool,
    auctions,
    flash,
    burner,
    lens,
    breaker,
    riskController,
    isolation,
    attackLender,
    manipulator,
    addresses: {
      debt: await debt.getAddress(),
      collateral: await collateral.getAddress(),
      amm: await amm.getAddress(),
      router: await router.getAddress(),
      feed: await feed.getAddress(),
      marketFeed: await marketFeed.getAddress(),
      pool: await pool.getAddress(),
      auctions: auctions ? await auctions.getAddress() : "",
      flash: await flash.getAddress(),
      attackLender: attackLender ? await attackLender.getAddress() : "",
      manipulator: manipulator ? await manipulator.getAddress() : "",
    },
    borrowers: [],
    opener: await opener.getAddress(),
    debtDecimals,
    collateralDecimals,
    startTime,
  };
}

/** Mines one block at an explicit timestamp and checks that every transaction sent for it succeeded. */
export async function mineChecked(chain: Chain, timestamp: number, hashes: string[], what: string) {
  await chain.mine(timestamp);
  for (const hash of hashes) {
    const r = await chain.receipt(hash);
    if (!r) throw new Error(`setup (${what}): transaction ${hash} was not mined`);
    if (r.status !== 1) throw new Error(`setup (${what}): transaction ${hash} reverted`);
  }
}

/**
 * Starts the simulated clock at `max(startAt, next block)` with automine off: seeds the TWAP (if any), publishes
 * the first oracle answer and waits out its latency, then opens the borrower population. Every block from here on
 * has an explicit timestamp, so the same scenario and seed give the same numbers.
 * Borrowers authorise the opener (one small transaction each, all in one block), then the opener deposits and
 * borrows for them in batches.
 */
export async function startClock(
  world: World,
  borrowers: readonly Borrower[],
  initialPrice: number,
  startAt: number,
): Promise<number> {
  const { hre, chain, scenario: s } = world;
  await chain.setAutomine(false);
  let t = Math.max(startAt, (await chain.latestBlock()).timestamp + 1);
  await chain.mine(t);
  const pin = { gasLimit: 300_000 };
  if (world.twap) {
    const window = Math.max(60, s.oracle.twapWindowSeconds);
    await chain.mine((t += 1));
    const tx1 = await world.twap.update(pin);
    await mineChecked(chain, (t += 1), [tx1.hash], "twap");
    const tx2 = await world.twap.update(pin);
    await mineChecked(chain, (t += window + 1), [tx2.hash], "twap");
  }
  const submit = await world.feed
    .connect(world.oracleUpdater.signer)
    .submit(toFixedUnits(initialPrice, FEED_DECIMALS), t, pin);
  const calmSubmit = world.isolation ? [await submitCalmPrice(world, s.isolation.calmAsset.price, t)] : [];
  await mineChecked(chain, (t += 1), [submit.hash, ...calmSubmit], "oracle");
  t += s.oracle.latencySeconds;
  for (let i = 0; i <= s.oracle.latencyBlocks; i++) await chain.mine((t += 1));
  if (world.boundedFeed) {
    // The floor guard serves only rounds it has recorded: record the first answer before anyone reads it.
    const recorded = await world.boundedFeed.record(pin);
    await mineChecked(chain, (t += 1), [recorded.hash], "floor guard");
  }

  // A population the market cannot hold would fail mid-setup: say which field to change instead.
  const totalDebt = borrowers.reduce((a, b) => a + b.debt, 0n);
  const totalCollateral = borrowers.reduce((a, b) => a + b.collateral, 0n);
  const supplied = toFixedUnits(s.market.lenderSupply, world.debtDecimals);
  const cap = toFixedUnits(s.market.collateral.supplyCap, world.collateralDecimals);
  if (totalDebt > supplied) {
    throw new ScenarioError("scenario", [
      `market.lenderSupply: the ${borrowers.length} borrowers borrow ${fromFixedUnits(totalDebt, world.debtDecimals)} ` +
        `debt tokens, more than the ${s.market.lenderSupply} lenders supply (raise it, or lower borrowers.count/size)`,
    ]);
  }
  if (totalCollateral > cap) {
    throw new ScenarioError("scenario", [
      `market.collateral.supplyCap: the borrowers deposit ${fromFixedUnits(totalCollateral, world.collateralDecimals)} ` +
        `collateral tokens, more than the cap of ${s.market.collateral.supplyCap}`,
    ]);
  }
  world.borrowers = borrowers.map((b) => agentAddress(hre, `borrower/${b.index}`));
  t = await openPositions(world, world.pool, world.collateral, world.borrowers, borrowers, t);
  if (world.isolation) t = await openCalmPositions(world, t);
  return t;
}

/**
 * Opens positions for `addresses` (one per borrower, in order) on `pool` against `collateral`: funds the accounts,
 * has them authorise the opener (one small transaction each), then the opener deposits and borrows in batches.
 * Returns the timestamp of the last block mined.
 */
export async function openPositions(
  world: World,
  pool: LendingPool,
  collateral: MockERC20,
  addresses: readonly string[],
  borrowers: readonly Borrower[],
  t: number,
): Promise<number> {
  const { hre, chain } = world;
  if (!addresses.length) return t;
  const poolAddress = await pool.getAddress();
  const setAuth = pool.interface.encodeFunctionData("setAuthorization", [world.opener, true]);
  // Fund first, with an empty mempool: every balance change makes the node revalidate what is pending.
  for (const address of addresses) {
    await chain.impersonate(address);
    await chain.setBalance(address, 10n * ETHER);
  }
  // Then authorise in blocks of 10: sending into the mempool costs time linear in its size, so the whole step is
  // quadratic in the chunk (1,000 borrowers: 7.3 s in blocks of 100, 1.3 s in blocks of 10, 25 s in blocks of 400).
  const CHUNK = 10;
  for (let i = 0; i < addresses.length; i += CHUNK) {
    const hashes: string[] = [];
    for (const address of addresses.slice(i, i + CHUNK)) {
      hashes.push(
        await chain.send<string>("eth_sendTransaction", [
          { from: address, to: poolAddress, data: setAuth, gas: "0x186a0" },
        ]),
      );
    }
    await mineChecked(chain, (t += 1), hashes, "authorisations");
  }
  const total = borrowers.reduce((a, b) => a + b.collateral, 0n);
  const admin = world.deployer;
  const mint = await collateral.connect(admin.signer).mint(admin.address, total, { gasLimit: 100_000 });
  const approve = await collateral.connect(admin.signer).approve(world.opener, total, { gasLimit: 100_000 });
  await mineChecked(chain, (t += 1), [mint.hash, approve.hash], "collateral");
  const opener = await hre.ethers.getContractAt("PositionOpener", world.opener, admin.signer);
  // 25 positions a transaction, four transactions a block. The node keeps a trace of each transaction while it runs
  // it: one 100-position transaction (~25M gas) raised the process's peak memory by ~1.2 GB, four of 25 by ~0.3 GB.
  const BATCH = 25;
  const PER_BLOCK = 4;
  for (let i = 0; i < borrowers.length; i += BATCH * PER_BLOCK) {
    const hashes: string[] = [];
    for (let j = i; j < Math.min(borrowers.length, i + BATCH * PER_BLOCK); j += BATCH) {
      const slice = borrowers.slice(j, j + BATCH);
      const tx = await opener.open(
        poolAddress,
        await collateral.getAddress(),
        addresses.slice(j, j + BATCH),
        slice.map((b) => b.collateral),
        slice.map((b) => b.debt),
        { gasLimit: 8_000_000 },
      );
      hashes.push(tx.hash);
    }
    await mineChecked(chain, (t += 1), hashes, "positions");
  }
  return t;
}

const EFFECTS = { "pause-borrow": 1, "throttle-liquidations": 2, "halt-kicks": 4, "full-halt": 8 } as const;

/** The circuit breaker and the dynamic risk controller, when the scenario switches them on, wired by their roles. */
async function deployRiskControls(
  hre: HardhatRuntimeEnvironment,
  s: Scenario,
  o: {
    admin: string;
    pool: LendingPool;
    auctions: DutchAuctionLiquidator | null;
    feed: string;
    collateral: string;
    amm: string;
    debtDecimals: number;
  },
) {
  const { ethers } = hre;
  const b = s.riskControls.circuitBreaker;
  const r = s.riskControls.dynamicRisk;
  let breaker: CircuitBreaker | null = null;
  let riskController: DynamicRiskController | null = null;
  if (b.enabled) {
    if (b.effects.includes("halt-kicks") && !o.auctions) {
      throw new ScenarioError("scenario", [
        'riskControls.circuitBreaker.effects: "halt-kicks" needs an auction mechanism',
      ]);
    }
    const effects = b.effects.reduce((m, e) => m | EFFECTS[e], 0);
    breaker = (await ethers.deployContract("CircuitBreaker", [
      o.admin,
      await o.pool.getAddress(),
      o.auctions ? await o.auctions.getAddress() : ethers.ZeroAddress,
      [o.feed],
      {
        maxPriceMoveBps: b.maxPriceMoveBps,
        priceWindow: b.priceWindowSeconds,
        cooldown: b.cooldownSeconds,
        liquidationCapPerBlock: toFixedUnits(b.liquidationCapPerBlock, o.debtDecimals),
        maxLiquidationVolume: toFixedUnits(b.maxLiquidationVolume, o.debtDecimals),
        volumeWindow: b.volumeWindowSeconds,
        effects,
      },
    ])) as unknown as CircuitBreaker;
    await o.pool.grantRole(await o.pool.GUARDIAN_ROLE(), await breaker.getAddress());
    if (o.auctions) await o.auctions.grantRole(await o.auctions.GUARDIAN_ROLE(), await breaker.getAddress());
    await o.pool.setLiquidationGuard(await breaker.getAddress());
  }
  if (r.enabled) {
    const c = s.market.collateral;
    riskController = (await ethers.deployContract("DynamicRiskController", [
      o.admin,
      await o.pool.getAddress(),
      o.collateral,
      o.amm,
      {
        baseLtv: toWad(c.ltv),
        baseThreshold: toWad(c.liquidationThreshold),
        minLtv: toWad(r.minLtv),
        maxLtv: toWad(c.ltv),
        minThreshold: toWad(r.minThreshold),
        maxThreshold: toWad(c.liquidationThreshold),
        ewmaLambda: toWad(r.ewmaLambda),
        volSensitivity: toWad(r.volSensitivity),
        targetDepthRatio: toWad(r.targetDepthRatio),
        maxThresholdStep: toWad(r.maxThresholdStep),
        minUpdateInterval: r.minUpdateIntervalSeconds,
        depthWindow: r.depthWindowSeconds,
      },
    ])) as unknown as DynamicRiskController;
    await o.pool.grantRole(await o.pool.RISK_ROLE(), await riskController.getAddress());
  }
  return { breaker, riskController };
}
