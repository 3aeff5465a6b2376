// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OptionMarginLib, MarginParams, AuctionParams} from "../derivatives/options/OptionMarginLib.sol";

/// @title OptionMarginLibHarness
/// @notice Exposes OptionMarginLib's pure arithmetic to tests (tests only).
contract OptionMarginLibHarness {
    function shockedVol(uint256 vol, uint256 tau, MarginParams memory p) external pure returns (uint256) {
        return OptionMarginLib.shockedVol(vol, tau, p);
    }

    function solventBidBps(uint256 elapsed, AuctionParams memory a) external pure returns (uint256) {
        return OptionMarginLib.solventBidBps(elapsed, a);
    }

    function maxSolventFraction(uint256 cash, uint256 markValue, uint256 maintenance, uint256 bidBps, uint256 feeBps)
        external
        pure
        returns (uint256)
    {
        return OptionMarginLib.maxSolventFraction(cash, markValue, maintenance, bidBps, feeBps);
    }

    function insolventProgress(uint256 elapsed, AuctionParams memory a) external pure returns (uint256) {
        return OptionMarginLib.insolventProgress(elapsed, a);
    }

    function requirementPerUnit(bool isCall, uint256 mark, uint256 spot, bool initial, MarginParams memory p)
        external
        pure
        returns (uint256)
    {
        return OptionMarginLib.requirementPerUnit(isCall, mark, spot, initial, p);
    }
}
