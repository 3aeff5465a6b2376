// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ILendingPool} from "../interfaces/ILendingPool.sol";

/// @title BatchDepositor
/// @notice Test helper: deposits the same collateral amount for many accounts in one transaction.
contract BatchDepositor {
    using SafeERC20 for IERC20;

    function depositFor(ILendingPool pool, IERC20 asset, address[] calldata accounts, uint256 amountEach) external {
        asset.safeTransferFrom(msg.sender, address(this), amountEach * accounts.length);
        asset.forceApprove(address(pool), amountEach * accounts.length);
        for (uint256 i; i < accounts.length; ++i) {
            pool.depositCollateral(address(asset), amountEach, accounts[i]);
        }
    }
}
