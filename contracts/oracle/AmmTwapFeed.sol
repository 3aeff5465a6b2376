// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {FeedMetadata} from "./FeedMetadata.sol";
import {IAmmTwapFeed} from "../interfaces/IAmmTwapFeed.sol";
import {IConstantProductPool} from "../interfaces/IConstantProductPool.sol";

/// @title AmmTwapFeed
/// @notice Chainlink-compatible TWAP of one token of a constant-product pool.
/// @dev Semantics are documented on `IAmmTwapFeed`.
contract AmmTwapFeed is IAmmTwapFeed, FeedMetadata {
    struct Observation {
        uint64 timestamp;
        // Full 256 bits: differences are taken modulo 2**256, as the pool's accumulators wrap.
        uint256 cumulativePrice;
    }

    /* CONSTANTS */

    uint256 public constant OBSERVATION_CAPACITY = 8;
    /// @dev `update()` may record every `window / 4` seconds; with 8 slots the ring spans >= 7/4 of a window once
    /// the window is at least 7 seconds long; 60 keeps well clear of that and of one-block windows.
    uint256 public constant MIN_WINDOW_SECONDS = 60;
    uint256 public constant MAX_WINDOW_SECONDS = 7 days;
    uint8 public constant MAX_DECIMALS = 36;
    uint256 private constant UPDATES_PER_WINDOW = 4;

    /* STORAGE */

    IConstantProductPool public immutable pool;
    address public immutable baseToken;
    address public immutable quoteToken;
    uint256 public immutable windowSeconds;
    uint256 public immutable minUpdateInterval;
    bool private immutable _baseIsToken0;
    /// @dev answer = priceX112 * 10**(baseDecimals + decimals) / (10**quoteDecimals * 2**112), rounded down.
    uint256 private immutable _scaleNumerator;
    uint256 private immutable _scaleDenominator;

    Observation[OBSERVATION_CAPACITY] private _observations;
    uint256 public observationCount;

    /* CONSTRUCTOR */

    /// @param pool_ The Uniswap V2-style pool.
    /// @param baseToken_ The pool token whose price is reported; the other one is the quote token.
    /// @param windowSeconds_ Minimum averaging window, in seconds.
    /// @param decimals_ Decimals of the answer.
    /// @param description_ Human-readable pair, e.g. "WETH / USDC TWAP 30m".
    constructor(
        IConstantProductPool pool_,
        address baseToken_,
        uint256 windowSeconds_,
        uint8 decimals_,
        string memory description_
    ) FeedMetadata(decimals_, description_) {
        if (address(pool_) == address(0) || baseToken_ == address(0)) revert ZeroAddress();
        address token0 = pool_.token0();
        address token1 = pool_.token1();
        if (baseToken_ != token0 && baseToken_ != token1) revert BaseTokenNotInPool(baseToken_, token0, token1);
        if (windowSeconds_ < MIN_WINDOW_SECONDS || windowSeconds_ > MAX_WINDOW_SECONDS) {
            revert WindowOutOfBounds(windowSeconds_, MIN_WINDOW_SECONDS, MAX_WINDOW_SECONDS);
        }
        address quoteToken_ = baseToken_ == token0 ? token1 : token0;
        uint8 baseDecimals = IERC20Metadata(baseToken_).decimals();
        uint8 quoteDecimals = IERC20Metadata(quoteToken_).decimals();
        _checkDecimals(decimals_);
        _checkDecimals(baseDecimals);
        _checkDecimals(quoteDecimals);

        pool = pool_;
        baseToken = baseToken_;
        quoteToken = quoteToken_;
        windowSeconds = windowSeconds_;
        minUpdateInterval = windowSeconds_ / UPDATES_PER_WINDOW;
        _baseIsToken0 = baseToken_ == token0;
        _scaleNumerator = 10 ** (uint256(baseDecimals) + decimals_);
        _scaleDenominator = (10 ** uint256(quoteDecimals)) << 112;
    }

    /* OBSERVATIONS */

    /// @inheritdoc IAmmTwapFeed
    function update() external returns (bool recorded) {
        uint256 count = observationCount;
        if (count != 0) {
            uint256 newest = _observations[(count - 1) % OBSERVATION_CAPACITY].timestamp;
            // Rate limit, so that frequent calls cannot flush the ring of observations older than a window.
            if (block.timestamp < newest + minUpdateInterval) return false;
        }
        uint256 cumulativePrice = _currentCumulativePrice();
        _observations[count % OBSERVATION_CAPACITY] = Observation(uint64(block.timestamp), cumulativePrice);
        observationCount = count + 1;
        emit ObservationRecorded(count + 1, block.timestamp, cumulativePrice);
        return true;
    }

    /// @inheritdoc IAmmTwapFeed
    function currentCumulativePrice() external view returns (uint256) {
        return _currentCumulativePrice();
    }

    /// @inheritdoc IAmmTwapFeed
    function twapWindowStart() external view returns (uint256) {
        return _windowStartObservation().timestamp;
    }

    /* AGGREGATOR V3 */

    /// @inheritdoc AggregatorV3Interface
    /// @dev Only the current round (`roundId == block.timestamp`) answers, equal to `latestRoundData`; any other id
    /// reverts with `HistoryNotKept`.
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        if (roundId != block.timestamp) revert HistoryNotKept(roundId);
        return _latest();
    }

    /// @inheritdoc AggregatorV3Interface
    /// @dev Rounds down. Reverts with `InsufficientHistory` while no observation is a window old, and with
    /// `ZeroAnswer` if the average rounds to zero.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return _latest();
    }

    /* INTERNAL */

    /// @dev roundId = block.timestamp (the answer is constant within a block: the pool's accumulator extrapolated to
    /// now does not change with swaps in the block, and an observation recorded now is never a window start).
    /// startedAt = the window's first observation; updatedAt = startedAt + windowSeconds, so that the age a
    /// consumer sees is how much longer than configured the real window is (0 for an exact window).
    function _latest()
        private
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Observation memory start = _windowStartObservation();
        uint256 priceX112;
        unchecked {
            // Wrapping difference, as Uniswap's oracles do; elapsed >= windowSeconds > 0.
            priceX112 = (_currentCumulativePrice() - start.cumulativePrice) / (block.timestamp - start.timestamp);
        }
        uint256 scaled = Math.mulDiv(priceX112, _scaleNumerator, _scaleDenominator);
        if (scaled == 0) revert ZeroAnswer(priceX112);
        roundId = uint80(block.timestamp); // fits: 80 bits of seconds
        return (roundId, SafeCast.toInt256(scaled), start.timestamp, start.timestamp + windowSeconds, roundId);
    }

    function _checkDecimals(uint8 value) private pure {
        if (value > MAX_DECIMALS) revert DecimalsOutOfBounds(value, MAX_DECIMALS);
    }

    /// @dev The newest observation at least `windowSeconds` old. Scans from the newest down (at most 8 reads).
    function _windowStartObservation() private view returns (Observation memory) {
        uint256 count = observationCount;
        uint256 available = count < OBSERVATION_CAPACITY ? count : OBSERVATION_CAPACITY;
        uint256 oldestAge;
        for (uint256 back = 1; back <= available; ++back) {
            Observation memory observation = _observations[(count - back) % OBSERVATION_CAPACITY];
            oldestAge = block.timestamp - observation.timestamp;
            if (oldestAge >= windowSeconds) return observation;
        }
        revert InsufficientHistory(oldestAge, windowSeconds);
    }

    /// @dev Uniswap V2's `UniswapV2OracleLibrary.currentCumulativePrices`, for the base token's side: the stored
    /// accumulator plus the current price times the seconds since the pool's last update. Wrapping is intended
    /// (32-bit time delta, 256-bit accumulator). With an empty reserve the pool accumulates nothing, and neither do we.
    function _currentCumulativePrice() private view returns (uint256 cumulative) {
        IConstantProductPool pool_ = pool;
        cumulative = _baseIsToken0 ? pool_.price0CumulativeLast() : pool_.price1CumulativeLast();
        (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast) = pool_.getReserves();
        unchecked {
            uint32 timeElapsed = uint32(block.timestamp % 2 ** 32) - blockTimestampLast;
            if (timeElapsed > 0 && reserve0 != 0 && reserve1 != 0) {
                (uint224 numerator, uint224 denominator) = _baseIsToken0 ? (reserve1, reserve0) : (reserve0, reserve1);
                cumulative += uint256((numerator << 112) / denominator) * timeElapsed;
            }
        }
    }
}
