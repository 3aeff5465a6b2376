/**
 * Gas benchmark: our contracts next to Uniswap V2 and Aave v3 deployed from their npm artifacts, in one run on
 * the same in-process network, with the same test tokens and the same positions. Each figure is `gasUsed` from
 * the transaction's receipt (reads: `eth_estimateGas`, which includes the 21,000 base cost).
 *
 *   npx hardhat run scripts/bench/gas.ts                       # prints the table
 *   BENCH_GAS_OUT=gas.json npx hardhat run scripts/bench/gas.ts  # also writes the rows as JSON
 */
import * as fs from "node:fs";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { Contract, ContractTransactionResponse, Signer } from "ethers";
import { deployAaveV3, deployUniswapV2 } from "./peers";

const WAD = 10n ** 18n;
const RAY = 10n ** 27n;
const USDC = (n: number | bigint) => BigInt(n) * 10n ** 6n;
const ETH = (n: number | bigint) => BigInt(n) * 10n ** 18n;
const FEED = (n: number | bigint) => BigInt(n) * 10n ** 8n;
const DEADLINE = 2n ** 48n;

/** One operation: our gas, the peer's (null where the peers have no counterpart) and the target, if any. */
export interface GasRow {
  group: string;
  operation: string;
  ours: number;
  peer: { name: string; gas: number } | null;
  /** Human-readable target and whether this run met it. */
  target?: { text: string; met: boolean };
  note?: string;
}

/** The position every liquidation benchmark uses, on both markets: 10 ETH, 14,900 USDC of debt (just under the 75% LTV). */
const POSITION = { collateral: ETH(10), debt: USDC(14_900), price: 2000, shockedPrice: 1700 };

/** The peers are untyped ethers Contracts; `connect` would widen them to BaseContract. */
const on = (c: Contract, s: Signer) => c.connect(s) as Contract;

async function gasOf(tx: Promise<ContractTransactionResponse> | ContractTransactionResponse): Promise<number> {
  const receipt = await (await tx).wait();
  if (!receipt || receipt.status !== 1) throw new Error("benchmark transaction failed");
  return Number(receipt.gasUsed);
}

/** Uniswap V2 `getAmountOut` at 30 bps (ours quotes the same to the wei). */
const amountOut = (amountIn: bigint, reserveIn: bigint, reserveOut: bigint) =>
  (amountIn * 9970n * reserveOut) / (reserveIn * 10_000n + amountIn * 9970n);

export async function measureGas(): Promise<GasRow[]> {
  const signers = await ethers.getSigners();
  const [admin, lender, trader, keeper, taker, user, l1, l2, c1, c2, c3] = signers;
  const rows: GasRow[] = [];

  /* SHARED TEST TOKENS */
  const usdc = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  const weth = await ethers.deployContract("MockERC20", ["Wrapped Ether", "WETH", 18]);
  const [usdcAddress, wethAddress] = [await usdc.getAddress(), await weth.getAddress()];
  for (const s of [lender, trader, keeper, taker, user, l1, l2, c1, c2, c3]) {
    await usdc.mint(s.address, USDC(2_000_000));
    await weth.mint(s.address, ETH(1_000));
  }

  /* AMM: ours and Uniswap V2, same tokens, same depth (500 ETH / 850,000 USDC) */
  const amm = await ethers.deployContract("ConstantProductPool", [wethAddress, usdcAddress, 30, "WETH/USDC LP", "CLP"]);
  const router = await ethers.deployContract("ConstantProductRouter");
  const ammAddress = await amm.getAddress();
  await weth.mint(ammAddress, ETH(500));
  await usdc.mint(ammAddress, USDC(850_000));
  await amm.mint(admin.address);
  const v2 = await deployUniswapV2(admin);
  await v2.factory.createPair(wethAddress, usdcAddress);
  const pair = await v2.pair(wethAddress, usdcAddress);
  const pairAddress = await pair.getAddress();
  await weth.mint(pairAddress, ETH(500));
  await usdc.mint(pairAddress, USDC(850_000));
  await (await pair.mint(admin.address)).wait();
  const routerAddress = await router.getAddress();
  const v2RouterAddress = await v2.router.getAddress();
  for (const token of [weth, usdc]) {
    await token.connect(trader).approve(routerAddress, ethers.MaxUint256);
    await token.connect(trader).approve(v2RouterAddress, ethers.MaxUint256);
  }
  await amm.connect(trader).approve(routerAddress, ethers.MaxUint256);
  await on(pair, trader).approve(v2RouterAddress, ethers.MaxUint256);
  const wethIs0 = (await amm.token0()) === wethAddress;

  const directSwap = async (p: Contract) => {
    const address = await p.getAddress();
    const [r0, r1] = await p.getReserves();
    const [rIn, rOut] = wethIs0 ? [r0, r1] : [r1, r0];
    const transfer = await gasOf(weth.connect(trader).transfer(address, ETH(1)));
    const out = amountOut(ETH(1), rIn, rOut);
    const swap = await gasOf(on(p, trader).swap(wethIs0 ? 0n : out, wethIs0 ? out : 0n, trader.address, "0x") as never);
    return { transfer, swap };
  };
  const oursRouterSwap = () =>
    gasOf(
      router.connect(trader).swapExactTokensForTokens(ammAddress, wethAddress, ETH(1), 0, trader.address, DEADLINE),
    );
  const v2RouterSwap = () =>
    gasOf(
      on(v2.router, trader).swapExactTokensForTokens(
        ETH(1),
        0,
        [wethAddress, usdcAddress],
        trader.address,
        DEADLINE,
      ) as never,
    );
  // Warm both pools the same way (accumulators and the trader's balances non-zero), then measure steady state.
  await directSwap(amm as unknown as Contract);
  await directSwap(pair);
  await oursRouterSwap();
  await v2RouterSwap();
  const oursDirect = await directSwap(amm as unknown as Contract);
  const v2Direct = await directSwap(pair);
  const oursRouter = await oursRouterSwap();
  const v2Router = await v2RouterSwap();
  rows.push({
    group: "AMM",
    operation: "direct pair swap (after the input transfer)",
    ours: oursDirect.swap,
    peer: { name: "Uniswap V2 pair swap", gas: v2Direct.swap },
    target: { text: "≤ Uniswap V2", met: oursDirect.swap <= v2Direct.swap },
    note: `input transfer: ${oursDirect.transfer} (same token both sides)`,
  });
  rows.push({
    group: "AMM",
    operation: "router exact-in swap",
    ours: oursRouter,
    peer: { name: "Router02 swapExactTokensForTokens", gas: v2Router },
    target: { text: "≤ Router02", met: oursRouter <= v2Router },
  });

  // Liquidity: the trader adds twice (the first creates its LP balance), the second is measured; then removes.
  const [token0] = wethIs0 ? [wethAddress] : [usdcAddress];
  const a0 = wethIs0 ? ETH(1) : USDC(2_000);
  const a1 = wethIs0 ? USDC(2_000) : ETH(1);
  const oursAdd = () => gasOf(router.connect(trader).addLiquidity(ammAddress, a0, a1, 0, 0, trader.address, DEADLINE));
  const token1 = token0 === wethAddress ? usdcAddress : wethAddress;
  const v2Add = () =>
    gasOf(on(v2.router, trader).addLiquidity(token0, token1, a0, a1, 0, 0, trader.address, DEADLINE) as never);
  await oursAdd();
  await v2Add();
  const oursAdd2 = await oursAdd();
  const v2Add2 = await v2Add();
  rows.push({
    group: "AMM",
    operation: "add liquidity (router)",
    ours: oursAdd2,
    peer: { name: "Router02 addLiquidity", gas: v2Add2 },
  });
  const oursLp = (await amm.balanceOf(trader.address)) / 2n;
  const v2Lp = ((await pair.balanceOf(trader.address)) as bigint) / 2n;
  const oursRemove = await gasOf(
    router.connect(trader).removeLiquidity(ammAddress, oursLp, 0, 0, trader.address, DEADLINE),
  );
  const v2Remove = await gasOf(
    on(v2.router, trader).removeLiquidity(token0, token1, v2Lp, 0, 0, trader.address, DEADLINE) as never,
  );
  rows.push({
    group: "AMM",
    operation: "remove liquidity (router)",
    ours: oursRemove,
    peer: { name: "Router02 removeLiquidity", gas: v2Remove },
  });

  /* LENDING: ours and Aave v3, same tokens, prices, LTV 75%, threshold 80%, bonus 5%, same rate curve */
  const ethFeed = await ethers.deployContract("MockPriceFeed", [8, FEED(POSITION.price)]);
  const pool = await ethers.deployContract("LendingPool", [
    usdcAddress,
    admin.address,
    {
      closeFactor: WAD / 2n,
      fullCloseHealthFactor: (WAD * 95n) / 100n,
      dust: USDC(10),
      reserveFactorBps: 1000,
      mechanisms: 3,
    },
    {
      baseRatePerYear: (WAD * 2n) / 100n,
      slope1PerYear: (WAD * 10n) / 100n,
      slope2PerYear: WAD,
      kinkUtilization: (WAD * 80n) / 100n,
    },
  ]);
  const poolAddress = await pool.getAddress();
  await pool.listCollateral(wethAddress, {
    feed: await ethFeed.getAddress(),
    maxPriceAge: 3600,
    supplyCap: ETH(1_000_000),
    ltv: (WAD * 75n) / 100n,
    liquidationThreshold: (WAD * 80n) / 100n,
    liquidationBonusBps: 500,
  });
  const aave = await deployAaveV3(admin, [
    { asset: usdc, decimals: 6, price: FEED(1), borrowable: true },
    {
      asset: weth,
      decimals: 18,
      price: FEED(POSITION.price),
      collateral: { ltv: 7500, liquidationThreshold: 8000, liquidationBonus: 10500 },
    },
  ]);
  const aavePool = aave.pool;
  const aavePoolAddress = await aavePool.getAddress();
  for (const s of [lender, keeper, user, l1, l2, c1, c2, c3]) {
    for (const token of [usdc, weth]) {
      await token.connect(s).approve(poolAddress, ethers.MaxUint256);
      await token.connect(s).approve(aavePoolAddress, ethers.MaxUint256);
    }
  }

  const oursSupply = await gasOf(pool.connect(lender).supply(USDC(1_000_000), lender.address));
  const aaveSupply = await gasOf(on(aavePool, lender).supply(usdcAddress, USDC(1_000_000), lender.address, 0) as never);
  rows.push({
    group: "Lending",
    operation: "supply (lender's first)",
    ours: oursSupply,
    peer: { name: "Aave v3 supply", gas: aaveSupply },
  });
  const oursDeposit = await gasOf(pool.connect(user).depositCollateral(wethAddress, POSITION.collateral, user.address));
  const aaveDeposit = await gasOf(
    on(aavePool, user).supply(wethAddress, POSITION.collateral, user.address, 0) as never,
  );
  rows.push({
    group: "Lending",
    operation: "deposit collateral (first)",
    ours: oursDeposit,
    peer: { name: "Aave v3 supply (used as collateral)", gas: aaveDeposit },
  });
  const oursBorrow = await gasOf(pool.connect(user).borrow(POSITION.debt, user.address, user.address));
  const aaveBorrow = await gasOf(on(aavePool, user).borrow(usdcAddress, POSITION.debt, 2, 0, user.address) as never);
  rows.push({
    group: "Lending",
    operation: "borrow (first)",
    ours: oursBorrow,
    peer: { name: "Aave v3 borrow (variable)", gas: aaveBorrow },
  });
  const oursRepay = await gasOf(pool.connect(user).repay(USDC(5_000), user.address));
  const aaveRepay = await gasOf(on(aavePool, user).repay(usdcAddress, USDC(5_000), 2, user.address) as never);
  rows.push({
    group: "Lending",
    operation: "repay (partial)",
    ours: oursRepay,
    peer: { name: "Aave v3 repay", gas: aaveRepay },
  });

  // The same position on both markets, for the partial and the full liquidation, and three for the auctions.
  for (const b of [l1, l2]) {
    await pool.connect(b).depositCollateral(wethAddress, POSITION.collateral, b.address);
    await pool.connect(b).borrow(POSITION.debt, b.address, b.address);
    await on(aavePool, b).supply(wethAddress, POSITION.collateral, b.address, 0);
    await on(aavePool, b).borrow(usdcAddress, POSITION.debt, 2, 0, b.address);
  }
  for (const b of [c1, c2, c3]) {
    await pool.connect(b).depositCollateral(wethAddress, POSITION.collateral, b.address);
    await pool.connect(b).borrow(POSITION.debt, b.address, b.address);
  }
  // Steady state: a day of interest, so the market's reserves are already non-zero (the first reserve write of a
  // market's life costs 20,000 gas, which would land on whichever transaction happened to accrue it first).
  await time.increase(86_400);
  await pool.accrueInterest();
  if ((await pool.reserves()) === 0n) throw new Error("benchmark setup: reserves still zero");
  await ethFeed.setAnswer(FEED(POSITION.shockedPrice));
  await aave.setPrice(wethAddress, FEED(POSITION.shockedPrice));
  const oursHf = await pool.healthFactor(l1.address);
  const aaveHf = ((await aavePool.getUserAccountData(l1.address)) as bigint[])[5];
  const hfNote = `health factor before: ours ${fmtWad(oursHf)}, Aave ${fmtWad(aaveHf)}`;

  const oursPartial = await gasOf(
    pool.connect(keeper).liquidate(l1.address, wethAddress, USDC(5_000), keeper.address, 0),
  );
  const aavePartial = await gasOf(
    on(aavePool, keeper).liquidationCall(wethAddress, usdcAddress, l1.address, USDC(5_000), false) as never,
  );
  rows.push({
    group: "Liquidation",
    operation: "fixed-bonus liquidation, partial (5,000 of 14,900 USDC)",
    ours: oursPartial,
    peer: { name: "Aave v3 liquidationCall (same repay)", gas: aavePartial },
    target: { text: "≤ ½ Aave", met: oursPartial * 2 <= aavePartial },
    note: hfNote,
  });
  const oursFull = await gasOf(
    pool.connect(keeper).liquidate(l2.address, wethAddress, ethers.MaxUint256, keeper.address, 0),
  );
  const aaveFull = await gasOf(
    on(aavePool, keeper).liquidationCall(wethAddress, usdcAddress, l2.address, ethers.MaxUint256, false) as never,
  );
  rows.push({
    group: "Liquidation",
    operation: "fixed-bonus liquidation, full (whole debt)",
    ours: oursFull,
    peer: { name: "Aave v3 liquidationCall (whole debt)", gas: aaveFull },
    target: { text: "≤ ½ Aave", met: oursFull * 2 <= aaveFull },
  });

  /* AUCTIONS (no peer deploys from these packages: MakerDAO's Clipper is the reference design) */
  const curve = await ethers.deployContract("StairstepExponentialDecrease", [90, (RAY * 99n) / 100n]);
  const auctions = await ethers.deployContract("DutchAuctionLiquidator", [
    admin.address,
    {
      curve: await curve.getAddress(),
      startPriceMultiplier: (WAD * 120n) / 100n,
      maxDuration: 7200,
      resetThreshold: (WAD * 60n) / 100n,
      chipBps: 10,
      penaltyBps: 1300,
    },
  ]);
  const auctionsAddress = await auctions.getAddress();
  await pool.setAuctionLiquidator(auctionsAddress);
  await auctions.setMarketSettings(poolAddress, { enabled: true, tip: USDC(100), debtLimit: USDC(10_000_000) });
  await auctions.setAssetDebtLimit(poolAddress, wethAddress, USDC(10_000_000));
  await usdc.connect(taker).approve(auctionsAddress, ethers.MaxUint256);
  const flash = await ethers.deployContract("FlashLiquidator");

  const kick = await gasOf(auctions.connect(keeper).kick(poolAddress, c1.address, wethAddress, keeper.address));
  const first = await auctions.auction(1);
  const takePartial = await gasOf(auctions.connect(taker).take(1, ETH(3), first.price, taker.address, "0x"));
  const takeFull = await gasOf(auctions.connect(taker).take(1, ethers.MaxUint256, first.price, taker.address, "0x"));
  rows.push({ group: "Auction", operation: "kick (first auction in the market)", ours: kick, peer: null });
  rows.push({
    group: "Auction",
    operation: "take, partial (3 of 10 ETH)",
    ours: takePartial,
    peer: null,
    target: { text: "< fixed-bonus partial", met: takePartial < oursPartial },
  });
  rows.push({
    group: "Auction",
    operation: "take, full (the rest)",
    ours: takeFull,
    peer: null,
    target: { text: "< fixed-bonus full", met: takeFull < oursFull },
  });

  // Flash take: kick, let the price fall below what the AMM pays (0.99^25 x 2,040 ≈ 1,588), take all and sell.
  const kick2 = await gasOf(auctions.connect(keeper).kick(poolAddress, c2.address, wethAddress, keeper.address));
  rows.splice(rows.findIndex((r) => r.operation.startsWith("kick (first")) + 1, 0, {
    group: "Auction",
    operation: "kick (second auction: steady state)",
    ours: kick2,
    peer: null,
  });
  await ethers.provider.send("evm_increaseTime", [25 * 90]);
  await ethers.provider.send("evm_mine", []);
  const second = await auctions.auction(2);
  const flashTake = await gasOf(
    flash
      .connect(keeper)
      .takeAndSell(auctionsAddress, 2, ethers.MaxUint256, second.price, ammAddress, 0, keeper.address),
  );
  rows.push({
    group: "Auction",
    operation: "flash take, full (FlashLiquidator.takeAndSell: take + AMM sale)",
    ours: flashTake,
    peer: null,
    target: { text: "< 250,000", met: flashTake < 250_000 },
  });

  // Redo: an auction past maxDuration is reset at a fresh oracle price.
  await auctions.connect(keeper).kick(poolAddress, c3.address, wethAddress, keeper.address);
  await ethers.provider.send("evm_increaseTime", [7201]);
  await ethers.provider.send("evm_mine", []);
  await ethFeed.setAnswer(FEED(POSITION.shockedPrice));
  const redo = await gasOf(auctions.connect(keeper).redo(3, keeper.address));
  rows.push({ group: "Auction", operation: "redo (reset after maxDuration)", ours: redo, peer: null });

  /* ORACLE */
  const lagged = await ethers.deployContract("LaggedPriceFeed", [8, "ETH / USD", admin.address, admin.address, 36, 0]);
  const now = async () => (await ethers.provider.getBlock("latest"))!.timestamp;
  await gasOf(lagged.submit(FEED(1700), await now()));
  await ethers.provider.send("evm_increaseTime", [40]);
  await ethers.provider.send("evm_mine", []);
  const submit = await gasOf(lagged.submit(FEED(1690), await now()));
  rows.push({
    group: "Oracle",
    operation: "LaggedPriceFeed.submit (steady state, one round pending)",
    ours: submit,
    peer: null,
    note: "Chainlink's OCR transmit is not in these packages",
  });
  const laggedAddress = await lagged.getAddress();
  const read = Number(
    await ethers.provider.estimateGas({
      to: laggedAddress,
      data: lagged.interface.encodeFunctionData("latestRoundData"),
    }),
  );
  const aaveOracle = aave.oracle;
  const aaveRead = Number(
    await ethers.provider.estimateGas({
      to: await aaveOracle.getAddress(),
      data: aaveOracle.interface.encodeFunctionData("getAssetPrice", [wethAddress]),
    }),
  );
  rows.push({
    group: "Oracle",
    operation: "read: latestRoundData (eth_estimateGas, incl. 21,000 base)",
    ours: read,
    peer: { name: "AaveOracle.getAssetPrice (over a Chainlink-style mock)", gas: aaveRead },
  });
  // The floor guard between the oracle and the market: what every price read the market makes costs more.
  const bounded = await ethers.deployContract("BoundedFeed", [
    laggedAddress,
    admin.address,
    { floorAnswer: FEED(1), referenceFeed: ethers.ZeroAddress, maxDeviationBps: 0 },
    "bounded WETH / USDC",
  ]);
  await bounded.record(); // it serves only recorded rounds
  const boundedRead = Number(
    await ethers.provider.estimateGas({
      to: await bounded.getAddress(),
      data: bounded.interface.encodeFunctionData("latestRoundData"),
    }),
  );
  rows.push({
    group: "Oracle",
    operation: "read through BoundedFeed (floor guard, no TWAP bound; eth_estimateGas)",
    ours: boundedRead,
    peer: null,
    note: `${boundedRead >= read ? "+" : ""}${boundedRead - read} against the bare read, on each of the market's price reads`,
  });
  return rows;
}

function fmtWad(x: bigint): string {
  return (Number((x * 10_000n) / WAD) / 10_000).toFixed(4);
}

/** A plain-text table of the rows, for the console. */
export function formatGasTable(rows: GasRow[]): string {
  const lines = rows.map((r) => {
    const ratio = r.peer ? (r.ours / r.peer.gas).toFixed(2) : "";
    const target = r.target ? `${r.target.text}: ${r.target.met ? "met" : "MISSED"}` : "";
    return [r.group, r.operation, String(r.ours), r.peer ? `${r.peer.gas} (${r.peer.name})` : "—", ratio, target];
  });
  const header = ["group", "operation", "ours", "peer", "ratio", "target"];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  return [header, ...lines].map((l) => l.map((c, i) => c.padEnd(widths[i])).join("  ")).join("\n");
}

async function main() {
  const rows = await measureGas();
  process.stdout.write(formatGasTable(rows) + "\n");
  if (process.env.BENCH_GAS_OUT) fs.writeFileSync(process.env.BENCH_GAS_OUT, JSON.stringify(rows, null, 2));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
