// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IConstantProductPool} from "../interfaces/IConstantProductPool.sol";
import {AmmSale} from "./AmmSale.sol";

/// @title AdapterLiquidator
/// @notice The lab keeper's liquidate-and-sell (AtomicLiquidator) for any lending protocol: pulls the repayment from
/// the caller, calls the protocol's own liquidation entry point with calldata built off-chain by the protocol's
/// market adapter (scripts/adapters/<protocol>/adapter.ts, with this contract as the liquidator: Aave v3's
/// `liquidationCall`, Morpho Blue's `liquidate`, the lab's `liquidate`), sells every unit of collateral it received
/// into a constant-product pool and returns all the debt asset it holds to the caller. Reverts with
/// `InsufficientProceeds` unless the sale brings back at least what the protocol took plus `minProfit`.
/// @dev Stateless: it holds nothing between calls and only moves the caller's own funds. The protocol call may not
/// target either token (the caller's allowance to this contract must never be spendable by calldata).
contract AdapterLiquidator is AmmSale {
    using SafeERC20 for IERC20;

    /// @notice The liquidation call may not go to a token.
    error TargetIsToken(address target);
    /// @notice The protocol's liquidation reverted (its revert data follows).
    error LiquidationFailed(bytes reason);

    /// @notice One liquidation through `protocol` and its sale (all base units).
    event AdapterLiquidation(
        address indexed keeper,
        address indexed protocol,
        uint256 repaid,
        uint256 seized,
        uint256 proceeds
    );

    /// @notice Pulls `maxRepay` debt from the caller, lets `protocol` take what its liquidation needs, runs
    /// `liquidation` on it, sells the collateral received into `amm`, pays the caller back.
    /// @return repaid Debt the protocol took (base units).
    /// @return seized Collateral received and sold (base units).
    /// @return proceeds Debt received for the collateral (base units).
    function liquidateAndSell(
        address protocol,
        bytes calldata liquidation,
        IERC20 debt,
        IERC20 collateral,
        IConstantProductPool amm,
        uint256 maxRepay,
        uint256 minProfit
    ) external returns (uint256 repaid, uint256 seized, uint256 proceeds) {
        if (protocol == address(debt) || protocol == address(collateral)) revert TargetIsToken(protocol);
        bool collateralIsToken0 = _checkPair(amm, address(debt), address(collateral));
        debt.safeTransferFrom(msg.sender, address(this), maxRepay);
        debt.forceApprove(protocol, maxRepay);
        // The protocol's own liquidation entry point, encoded by its adapter: one contract serves every protocol. The
        // target cannot be either token (checked above) and the allowance is reset below, so no approval outlives it.
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory reason) = protocol.call(liquidation);
        if (!ok) revert LiquidationFailed(reason);
        debt.forceApprove(protocol, 0);
        repaid = maxRepay - debt.balanceOf(address(this));
        seized = collateral.balanceOf(address(this));
        proceeds = _sell(amm, collateral, seized, collateralIsToken0);
        if (proceeds < repaid + minProfit) revert InsufficientProceeds(proceeds, repaid + minProfit);
        emit AdapterLiquidation(msg.sender, protocol, repaid, seized, proceeds);
        debt.safeTransfer(msg.sender, debt.balanceOf(address(this)));
    }
}
