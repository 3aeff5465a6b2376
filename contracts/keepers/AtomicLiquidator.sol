// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IConstantProductPool} from "../interfaces/IConstantProductPool.sol";
import {ILendingPool} from "../interfaces/ILendingPool.sol";
import {AmmSale} from "./AmmSale.sol";

/// @title AtomicLiquidator
/// @notice A keeper's liquidate-and-sell in one transaction, paid from the keeper's own capital: pulls the repayment
/// from the caller, liquidates on a fixed-bonus market, sells every unit of seized collateral into a constant-product
/// pool and returns all the debt asset it holds to the caller. Reverts with `InsufficientProceeds` unless the sale
/// brings back at least the repayment plus `minProfit`, so a keeper never ends a liquidation holding collateral or at
/// a loss: a keeper that loses a race, or whose sale the pool no longer pays for, pays only for a revert.
/// @dev Stateless and permissionless: it only ever moves the caller's own funds, and holds nothing between calls.
/// This is the style of most mainnet liquidation bots that hold a stablecoin float (no flash-loan fee, no callback);
/// the capital-free variant with an AMM flash swap is `FlashLiquidator.liquidateWithFlashSwap`.
contract AtomicLiquidator is AmmSale {
    using SafeERC20 for IERC20;

    /// @notice The caller asked to repay more than it lets the contract pull.
    error RepayAboveMax(uint256 repayAmount, uint256 maxRepay);

    /// @notice One liquidation and its sale: `repaid` debt units bought `seized` collateral units, sold for `proceeds`
    /// debt units (all base units).
    event AtomicLiquidation(
        address indexed keeper,
        address indexed borrower,
        address indexed market,
        uint256 repaid,
        uint256 seized,
        uint256 proceeds
    );

    /// @notice Liquidates `borrower` for `repayAmount` (the market may cap it, or raise it to close out a dust
    /// remainder), sells the seized collateral into `amm` and pays the caller back what was not repaid plus the
    /// sale proceeds.
    /// @param maxRepay Debt base units pulled from the caller to cover the repayment (at least `repayAmount`; the
    /// market repays up to the whole debt when what would remain is dust); the unused part goes back.
    /// @param minProfit Debt base units the sale must bring back above the repayment (e.g. the keeper's gas cost).
    /// @return repaid Debt repaid (base units, as the market computed it).
    /// @return seized Collateral received and sold (base units).
    /// @return proceeds Debt received for the collateral (base units).
    function liquidateAndSell(
        ILendingPool market,
        address borrower,
        address collateralAsset,
        uint256 repayAmount,
        uint256 maxRepay,
        IConstantProductPool amm,
        uint256 minProfit
    ) external returns (uint256 repaid, uint256 seized, uint256 proceeds) {
        if (maxRepay < repayAmount) revert RepayAboveMax(repayAmount, maxRepay);
        IERC20 debt = IERC20(market.debtAsset());
        bool collateralIsToken0 = _checkPair(amm, address(debt), collateralAsset);
        debt.safeTransferFrom(msg.sender, address(this), maxRepay);
        debt.forceApprove(address(market), maxRepay);
        (repaid, seized) = market.liquidate(borrower, collateralAsset, repayAmount, address(this), 0);
        debt.forceApprove(address(market), 0);
        proceeds = _sell(amm, IERC20(collateralAsset), seized, collateralIsToken0);
        if (proceeds < repaid + minProfit) revert InsufficientProceeds(proceeds, repaid + minProfit);
        emit AtomicLiquidation(msg.sender, borrower, address(market), repaid, seized, proceeds);
        // The unused part of `maxRepay` and the sale proceeds.
        debt.safeTransfer(msg.sender, debt.balanceOf(address(this)));
    }
}
