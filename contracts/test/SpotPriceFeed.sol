// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {IConstantProductPool} from "../interfaces/IConstantProductPool.sol";

/// @title SpotPriceFeed
/// @notice UNSAFE by design: reports an AMM's current spot price (reserve ratio) as an oracle answer, always
/// "fresh". It exists to show the flash-swap manipulation that AmmTwapFeed prevents. Tests only.
contract SpotPriceFeed is AggregatorV3Interface {
    uint8 private constant DECIMALS = 8;
    IConstantProductPool public immutable pool;
    address public immutable baseToken;
    uint256 private immutable _baseUnit;
    uint256 private immutable _quoteUnit;
    bool private immutable _baseIsToken0;

    constructor(IConstantProductPool pool_, address baseToken_) {
        pool = pool_;
        baseToken = baseToken_;
        _baseIsToken0 = pool_.token0() == baseToken_;
        address quote = _baseIsToken0 ? pool_.token1() : pool_.token0();
        _baseUnit = 10 ** IERC20Metadata(baseToken_).decimals();
        _quoteUnit = 10 ** IERC20Metadata(quote).decimals();
    }

    function decimals() external pure returns (uint8) {
        return DECIMALS;
    }

    function description() external pure returns (string memory) {
        return "AMM spot (unsafe)";
    }

    function version() external pure returns (uint256) {
        return 1;
    }

    function getRoundData(uint80) external view returns (uint80, int256, uint256, uint256, uint80) {
        return _latest();
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return _latest();
    }

    /// @dev Quote per base, rounded down: reserveQuote / quoteUnit per reserveBase / baseUnit, at 8 decimals.
    function _latest() private view returns (uint80, int256, uint256, uint256, uint80) {
        (uint112 r0, uint112 r1,) = pool.getReserves();
        (uint256 base, uint256 quote) = _baseIsToken0 ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        uint256 answer = quote * _baseUnit * 10 ** DECIMALS / (base * _quoteUnit);
        return (1, int256(answer), block.timestamp, block.timestamp, 1);
    }
}
