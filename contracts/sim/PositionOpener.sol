// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ILendingPool} from "../interfaces/ILendingPool.sol";

/// @title PositionOpener
/// @notice Simulation tooling: opens many borrowers' positions in one transaction. Each borrower must first have
/// authorised this contract on the market (`setAuthorization`), exactly as a real account would authorise a manager.
/// @dev Collateral is pulled from the caller; borrowed funds go to each borrower.
contract PositionOpener {
    using SafeERC20 for IERC20;

    error LengthMismatch(uint256 borrowers, uint256 collaterals, uint256 debts);

    function open(
        ILendingPool market,
        IERC20 collateralAsset,
        address[] calldata borrowers,
        uint256[] calldata collateral,
        uint256[] calldata debt
    ) external {
        if (borrowers.length != collateral.length || borrowers.length != debt.length) {
            revert LengthMismatch(borrowers.length, collateral.length, debt.length);
        }
        uint256 total;
        for (uint256 i; i < collateral.length; ++i) {
            total += collateral[i];
        }
        collateralAsset.safeTransferFrom(msg.sender, address(this), total);
        collateralAsset.forceApprove(address(market), total);
        for (uint256 i; i < borrowers.length; ++i) {
            market.depositCollateral(address(collateralAsset), collateral[i], borrowers[i]);
            if (debt[i] != 0) market.borrow(debt[i], borrowers[i], borrowers[i]);
        }
    }
}
