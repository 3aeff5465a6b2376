// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILendingPool} from "../interfaces/ILendingPool.sol";

/// @title LenderExit
/// @notice Simulation tooling: withdraws as much of a lender's claim as the market's cash allows, in one
/// transaction, so that the claim and the cash are read in the block that pays (no interest accrues in between).
/// The lender must first have authorised this contract on the market (`setAuthorization`).
contract LenderExit {
    /// @param claim The lender's supply, valued in the exit's block (rounded down, as the market values it).
    /// @param withdrawn What the market paid the lender: the whole claim, or all the cash there was.
    event Exited(address indexed market, address indexed lender, uint256 claim, uint256 withdrawn);

    function exit(ILendingPool market, address lender) external returns (uint256 claim, uint256 withdrawn) {
        market.accrueInterest();
        claim = market.suppliedOf(lender);
        (uint256 supplied, uint256 borrowed,, uint256 inAuction,) = market.totals();
        uint256 owedOut = borrowed + inAuction;
        uint256 cash = supplied > owedOut ? supplied - owedOut : 0;
        if (claim != 0 && cash != 0) {
            // The whole claim burns every share; a part burns the shares it needs, rounded up (never more).
            withdrawn = claim <= cash
                ? market.withdraw(type(uint256).max, lender, lender)
                : market.withdraw(cash, lender, lender);
        }
        emit Exited(address(market), lender, claim, withdrawn);
    }
}
