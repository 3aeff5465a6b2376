// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IConstantProductPool, IUniswapV2Callee} from "../interfaces/IConstantProductPool.sol";
import {IDutchAuctionLiquidator, AuctionView} from "../interfaces/IDutchAuctionLiquidator.sol";
import {IAuctionTakeCallee} from "../interfaces/IAuctionTakeCallee.sol";
import {ILendingPool} from "../interfaces/ILendingPool.sol";
import {ConstantProductLibrary} from "../amm/ConstantProductLibrary.sol";

/// @title FlashLiquidator
/// @notice A keeper's helper that needs no inventory. Auction: a flash take hands it the collateral first; it sells
/// the collateral into an AMM and pays the auction from the proceeds. Fixed bonus: it borrows the debt asset by an
/// AMM flash swap, liquidates, repays the swap in collateral and sells the rest. Either way the profit (in the debt
/// asset) goes to the keeper, and the call reverts with `InsufficientProfit` below the keeper's minimum, so a keeper
/// that loses a race pays only for a revert.
/// @dev Holds nothing between calls. Callbacks are accepted only from the contract this call is waiting on.
contract FlashLiquidator is IAuctionTakeCallee, IUniswapV2Callee {
    using SafeERC20 for IERC20;

    error InsufficientProfit(uint256 profit, uint256 minProfit);
    error UnexpectedCallback(address caller);
    error PairMismatch(address amm, address debtAsset, address collateralAsset);

    /// @dev The only address whose callback is accepted during the current call (transient: cleared per tx).
    address private transient _expectedCaller;

    struct LiquidationArgs {
        ILendingPool market;
        address borrower;
        address collateralAsset;
        uint256 repayAmount;
    }

    /* AUCTION */

    /// @notice Takes up to `maxCollateral` of auction `id` at a price <= `maxPrice`, sells it all into `amm`, pays the
    /// auction and sends the profit to `profitTo`.
    function takeAndSell(
        IDutchAuctionLiquidator auctions,
        uint256 id,
        uint256 maxCollateral,
        uint256 maxPrice,
        IConstantProductPool amm,
        uint256 minProfit,
        address profitTo
    ) external returns (uint256 profit) {
        AuctionView memory a = auctions.auction(id);
        address debtAsset = ILendingPool(a.market).debtAsset();
        _checkPair(amm, debtAsset, a.asset);
        _expectedCaller = address(auctions);
        auctions.take(id, maxCollateral, maxPrice, address(this), abi.encode(amm, a.asset, debtAsset));
        _expectedCaller = address(0);
        profit = _payOut(IERC20(debtAsset), minProfit, profitTo);
    }

    /// @inheritdoc IAuctionTakeCallee
    function onAuctionTake(address taker, uint256 owe, uint256 collateral, bytes calldata data) external {
        if (msg.sender != _expectedCaller || taker != address(this)) revert UnexpectedCallback(msg.sender);
        (IConstantProductPool amm, address collateralAsset, address debtAsset) =
            abi.decode(data, (IConstantProductPool, address, address));
        _sell(amm, collateralAsset, collateral);
        IERC20(debtAsset).forceApprove(msg.sender, owe);
    }

    /* FIXED BONUS */

    /// @notice Liquidates with debt borrowed from `amm` by a flash swap; repays the swap in collateral, sells the
    /// rest of the seized collateral into `amm` and sends the profit to `profitTo`.
    function liquidateWithFlashSwap(
        LiquidationArgs calldata args,
        IConstantProductPool amm,
        uint256 minProfit,
        address profitTo
    ) external returns (uint256 profit) {
        address debtAsset = args.market.debtAsset();
        _checkPair(amm, debtAsset, args.collateralAsset);
        bool debtIsToken0 = amm.token0() == debtAsset;
        _expectedCaller = address(amm);
        amm.swap(
            debtIsToken0 ? args.repayAmount : 0, debtIsToken0 ? 0 : args.repayAmount, address(this), abi.encode(args)
        );
        _expectedCaller = address(0);
        // What the flash swap did not need is sold now that the pool is unlocked.
        uint256 left = IERC20(args.collateralAsset).balanceOf(address(this));
        if (left != 0) _sell(amm, args.collateralAsset, left);
        profit = _payOut(IERC20(debtAsset), minProfit, profitTo);
    }

    /// @inheritdoc IUniswapV2Callee
    function uniswapV2Call(address sender, uint256 amount0, uint256 amount1, bytes calldata data) external {
        if (msg.sender != _expectedCaller || sender != address(this)) revert UnexpectedCallback(msg.sender);
        LiquidationArgs memory args = abi.decode(data, (LiquidationArgs));
        IConstantProductPool amm = IConstantProductPool(msg.sender);
        uint256 borrowed = amount0 + amount1;
        IERC20(args.market.debtAsset()).forceApprove(address(args.market), borrowed);
        args.market.liquidate(args.borrower, args.collateralAsset, borrowed, address(this), 0);

        // Pay the pool back in collateral: the input that buys `borrowed` at the pre-swap reserves.
        (uint112 r0, uint112 r1,) = amm.getReserves();
        bool debtIsToken0 = amount0 != 0;
        (uint256 reserveIn, uint256 reserveOut) = debtIsToken0 ? (uint256(r1), uint256(r0)) : (uint256(r0), uint256(r1));
        uint256 owed = ConstantProductLibrary.getAmountIn(borrowed, reserveIn, reserveOut, amm.feeBps());
        uint256 held = IERC20(args.collateralAsset).balanceOf(address(this));
        if (held < owed) revert InsufficientProfit(0, owed - held);
        IERC20(args.collateralAsset).safeTransfer(msg.sender, owed);
    }

    /* INTERNALS */

    function _sell(IConstantProductPool amm, address tokenIn, uint256 amountIn) internal {
        (uint112 r0, uint112 r1,) = amm.getReserves();
        bool inIsToken0 = amm.token0() == tokenIn;
        (uint256 reserveIn, uint256 reserveOut) = inIsToken0 ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        uint256 out = ConstantProductLibrary.getAmountOut(amountIn, reserveIn, reserveOut, amm.feeBps());
        IERC20(tokenIn).safeTransfer(address(amm), amountIn);
        amm.swap(inIsToken0 ? 0 : out, inIsToken0 ? out : 0, address(this), "");
    }

    function _payOut(IERC20 debtAsset, uint256 minProfit, address to) internal returns (uint256 profit) {
        profit = debtAsset.balanceOf(address(this));
        if (profit < minProfit) revert InsufficientProfit(profit, minProfit);
        if (profit != 0) debtAsset.safeTransfer(to, profit);
    }

    function _checkPair(IConstantProductPool amm, address debtAsset, address collateralAsset) internal view {
        address t0 = amm.token0();
        address t1 = amm.token1();
        if (!((t0 == debtAsset && t1 == collateralAsset) || (t0 == collateralAsset && t1 == debtAsset))) {
            revert PairMismatch(address(amm), debtAsset, collateralAsset);
        }
    }
}
