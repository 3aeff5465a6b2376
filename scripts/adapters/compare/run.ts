/**
 * One protocol through the side-by-side comparison (issue 17): the shared world (tokens, lab feed), the protocol's
 * market from its `DeployMarket`, the book of positions, one price shock through the feed, then a rational keeper
 * that liquidates every liquidatable position by the largest repay the protocol allows (it asks for the whole debt;
 * the protocol caps it), round after round while a position is liquidatable and the liquidation profitable at the
 * oracle price. Everything goes through the `MarketAdapter`; nothing here knows which protocol runs.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { MaxUint256, Wallet, keccak256, toUtf8Bytes, type Signer } from "ethers";
import type { DeployMarket, ProtocolKind } from "../market-adapter";
import { buildBook, type BookOptions } from "./book";
import { minimalSeizeValue, overLiquidation, valueAt } from "./measures";
import { COLLATERAL_DECIMALS, DEBT_DECIMALS, FEED_DECIMALS, deployCompareWorld, type WorldOptions } from "./world";

export interface Shock {
  name: string;
  /** Price after the shock as a share of the opening price, basis points (8,000 = a 20% drop). */
  priceBps: bigint;
}

export interface CompareOptions {
  book: BookOptions;
  world?: WorldOptions;
  /** Keeper rounds over the book at most (default 10). */
  maxRounds?: number;
}

export interface ProtocolResult {
  protocol: ProtocolKind;
  /** The column's name: the protocol, or the protocol and the variant of its deployer. */
  label: string;
  shock: string;
  positions: number;
  /** Positions below health 1 right after the shock. */
  liquidatable: number;
  liquidations: number;
  /** Debt-token units (the debt token has DEBT_DECIMALS). */
  debtRepaid: bigint;
  /** Collateral the borrowers lost, valued at the shocked price (treasury fees included). */
  seizedValue: bigint;
  /** Collateral value seized beyond what restores health 1 (summed over positions). */
  overLiquidation: bigint;
  /** Least collateral value that restores health 1, summed over liquidated positions. */
  minimalSeizeValue: bigint;
  badDebt: bigint;
  /** Collateral value lost minus debt repaid by liquidators. */
  borrowerLoss: bigint;
  /** Collateral value the keeper received minus debt it repaid (gas not counted). */
  keeperProfit: bigint;
  gasPerLiquidation: bigint;
  parameters: Record<string, string>;
}

const DEBT_UNIT = 10n ** BigInt(DEBT_DECIMALS);
const LENDER_MULTIPLE = 4n;
const BPS = 10_000n;
const DECIMALS = { collateral: COLLATERAL_DECIMALS, debt: DEBT_DECIMALS, feed: FEED_DECIMALS };
/** ETH given to each generated borrower account for gas (wei). */
const BORROWER_GAS_ETH = 10n ** 20n;

/** Borrower i's account: a key derived from its index, so every run and every protocol uses the same addresses. */
function borrowerWallet(hre: HardhatRuntimeEnvironment, i: number): Wallet {
  return new Wallet(keccak256(toUtf8Bytes(`cascade-lab compare borrower ${i}`)), hre.ethers.provider);
}

export async function runProtocol(
  hre: HardhatRuntimeEnvironment,
  protocol: ProtocolKind,
  deploy: DeployMarket,
  shock: Shock,
  options: CompareOptions,
  label: string = protocol,
): Promise<ProtocolResult> {
  const [admin, keeper, lender] = await hre.ethers.getSigners();
  const world = await deployCompareWorld(hre, admin, options.world);
  const market = await deploy(hre, world.setup);
  const opening = options.world?.priceAnswer ?? 2000n * 10n ** BigInt(FEED_DECIMALS);
  const book = buildBook(options.book, {
    answer: opening,
    thresholdWad: world.setup.liquidationThresholdWad,
    ltvWad: world.setup.ltvWad,
    decimals: DECIMALS,
  });
  const totalBorrow = book.reduce((s, b) => s + b.borrow, 0n);
  await (await world.debt.mint(lender.address, totalBorrow * LENDER_MULTIPLE)).wait();
  await market.supply(lender, totalBorrow * LENDER_MULTIPLE);

  const borrowers: Signer[] = [];
  for (const [i, entry] of book.entries()) {
    const wallet = borrowerWallet(hre, i);
    await hre.network.provider.send("hardhat_setBalance", [wallet.address, "0x" + BORROWER_GAS_ETH.toString(16)]);
    await (await world.collateral.mint(wallet.address, entry.collateral)).wait();
    await market.openPosition(wallet, world.setup.collateralToken, entry.collateral, entry.borrow);
    borrowers.push(wallet);
  }
  const accounts = await Promise.all(borrowers.map((b) => b.getAddress()));

  const shocked = (opening * shock.priceBps) / BPS;
  await world.setPrice(shocked);
  const collateral = world.setup.collateralToken;
  const before = await market.positions(accounts);
  const liquidatable = before.filter((p) => p.healthWad < 10n ** 18n).length;

  await (await world.debt.mint(keeper.address, totalBorrow * 2n)).wait();
  for (const a of await market.approvals()) {
    const token = await hre.ethers.getContractAt("MockERC20", a.token, keeper);
    await (await token.approve(a.spender, MaxUint256)).wait();
  }

  let liquidations = 0;
  let gas = 0n;
  let debtRepaid = 0n;
  let received = 0n;
  for (let round = 0; round < (options.maxRounds ?? 10); round++) {
    let acted = false;
    for (const p of await market.positions(accounts)) {
      if (p.healthWad >= 10n ** 18n || (p.collateral[collateral] ?? 0n) === 0n) continue;
      const preview = await market.previewLiquidation(p.account, collateral, MaxUint256);
      if (preview.repay === 0n || preview.seized === 0n) continue;
      if (valueAt(preview.seized, shocked, DECIMALS) <= preview.repay) continue;
      const tx = await market.liquidationTx(keeper.address, p.account, collateral, MaxUint256);
      const receipt = await (await keeper.sendTransaction(tx)).wait();
      for (const l of market.decode(receipt!)) {
        liquidations += 1;
        debtRepaid += l.debtRepaid;
        received += l.collateralSeized;
      }
      gas += receipt!.gasUsed;
      acted = true;
    }
    if (!acted) break;
  }

  const after = await market.positions(accounts);
  let seizedValue = 0n;
  let over = 0n;
  let minimal = 0n;
  for (const [i, p] of before.entries()) {
    const lost = (p.collateral[collateral] ?? 0n) - (after[i].collateral[collateral] ?? 0n);
    if (lost === 0n) continue;
    const lostValue = valueAt(lost, shocked, DECIMALS);
    const need = minimalSeizeValue(
      { debt: p.debt, collateralValue: valueAt(p.collateral[collateral] ?? 0n, shocked, DECIMALS) },
      world.setup.liquidationThresholdWad,
      BigInt(world.setup.liquidationBonusBps),
    );
    seizedValue += lostValue;
    minimal += need;
    over += overLiquidation(lostValue, need);
  }
  const receivedValue = valueAt(received, shocked, DECIMALS);
  return {
    protocol,
    label,
    shock: shock.name,
    positions: book.length,
    liquidatable,
    liquidations,
    debtRepaid,
    seizedValue,
    overLiquidation: over,
    minimalSeizeValue: minimal,
    badDebt: await market.badDebt(accounts),
    borrowerLoss: seizedValue - debtRepaid,
    keeperProfit: receivedValue - debtRepaid,
    gasPerLiquidation: liquidations === 0 ? 0n : gas / BigInt(liquidations),
    parameters: await market.parameters(),
  };
}

/** Whole debt tokens with two decimals (rounded down), for tables. */
export function tokens(amount: bigint): string {
  const cents = (amount * 100n) / DEBT_UNIT;
  const sign = cents < 0n ? "-" : "";
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${(abs / 100n).toLocaleString("en-US")}.${(abs % 100n).toString().padStart(2, "0")}`;
}
