// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IConstantProductPool, IUniswapV2Callee} from "../interfaces/IConstantProductPool.sol";

/// @title ConstantProductPool
/// @notice An x*y=k pair with Uniswap V2 core semantics and a fee in basis points fixed at creation.
/// @dev The LP share is this contract's own ERC20. No protocol fee. Tokens that charge a fee on transfer or
/// rebase are handled as V2 does: what counts is the balance the pool actually holds (`skim`/`sync`).
contract ConstantProductPool is IConstantProductPool, ERC20 {
    using SafeERC20 for IERC20;

    /// @dev Basis-point denominator: fees and the invariant are scaled by it.
    uint256 private constant BPS = 10_000;
    /// @dev OpenZeppelin's ERC20 refuses to mint to address(0), so the locked shares go to the usual dead address.
    address private constant DEAD_ADDRESS = 0x000000000000000000000000000000000000dEaD;
    uint256 private constant _MINIMUM_LIQUIDITY = 1000;

    address public immutable token0;
    address public immutable token1;
    uint16 public immutable feeBps;

    // One storage slot, as Uniswap V2.
    uint112 private _reserve0;
    uint112 private _reserve1;
    uint32 private _blockTimestampLast;

    uint256 public price0CumulativeLast;
    uint256 public price1CumulativeLast;

    /// @dev Uniswap V2's lock in transient storage (EIP-1153): a few hundred gas instead of two SSTOREs. A
    /// `transient` variable rather than OpenZeppelin's ReentrancyGuardTransient, whose inline `tstore` makes solc
    /// warn on every build.
    bool private transient _locked;

    modifier nonReentrant() {
        if (_locked) revert Locked();
        _locked = true;
        _;
        _locked = false;
    }

    /// @param tokenA One token of the pair; the two are sorted into token0 < token1.
    /// @param tokenB The other token.
    /// @param feeBps_ Swap fee in basis points, below 10_000 (30 = 0.30%, Uniswap V2's fee).
    constructor(
        address tokenA,
        address tokenB,
        uint16 feeBps_,
        string memory name_,
        string memory symbol_
    ) ERC20(name_, symbol_) {
        if (tokenA == tokenB) revert IdenticalTokens(tokenA);
        (address t0, address t1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
        if (t0 == address(0)) revert ZeroAddress();
        if (feeBps_ >= BPS) revert FeeTooHigh(feeBps_, BPS - 1);
        token0 = t0;
        token1 = t1;
        feeBps = feeBps_;
    }

    /* VIEWS */

    /// @inheritdoc IConstantProductPool
    function MINIMUM_LIQUIDITY() external pure returns (uint256) {
        return _MINIMUM_LIQUIDITY;
    }

    /// @inheritdoc IConstantProductPool
    function getReserves() public view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast) {
        return (_reserve0, _reserve1, _blockTimestampLast);
    }

    /* LIQUIDITY */

    /// @inheritdoc IConstantProductPool
    /// @dev Shares round down (in favour of the pool). The first depositor gets sqrt(amount0 * amount1) minus
    /// MINIMUM_LIQUIDITY, which is locked forever so the share price can never be inflated from a near-zero supply.
    function mint(address to) external nonReentrant returns (uint256 liquidity) {
        (uint112 reserve0, uint112 reserve1, ) = getReserves();
        uint256 balance0 = IERC20(token0).balanceOf(address(this));
        uint256 balance1 = IERC20(token1).balanceOf(address(this));
        uint256 amount0 = balance0 - reserve0;
        uint256 amount1 = balance1 - reserve1;

        uint256 supply = totalSupply();
        if (supply == 0) {
            uint256 root = Math.sqrt(amount0 * amount1);
            if (root > _MINIMUM_LIQUIDITY) {
                liquidity = root - _MINIMUM_LIQUIDITY;
                _mint(DEAD_ADDRESS, _MINIMUM_LIQUIDITY);
            }
        } else {
            liquidity = Math.min((amount0 * supply) / reserve0, (amount1 * supply) / reserve1);
        }
        if (liquidity == 0) revert InsufficientLiquidityMinted(amount0, amount1);
        _mint(to, liquidity);

        _update(balance0, balance1, reserve0, reserve1);
        emit Mint(msg.sender, amount0, amount1);
    }

    /// @inheritdoc IConstantProductPool
    /// @dev Pays the pro-rata share of real balances (donations included), rounded down in favour of the pool.
    function burn(address to) external nonReentrant returns (uint256 amount0, uint256 amount1) {
        (uint112 reserve0, uint112 reserve1, ) = getReserves();
        IERC20 t0 = IERC20(token0);
        IERC20 t1 = IERC20(token1);
        uint256 liquidity = balanceOf(address(this));
        uint256 supply = totalSupply();
        amount0 = (liquidity * t0.balanceOf(address(this))) / supply;
        amount1 = (liquidity * t1.balanceOf(address(this))) / supply;
        if (amount0 == 0 || amount1 == 0) revert InsufficientLiquidityBurned(amount0, amount1);

        _burn(address(this), liquidity);
        t0.safeTransfer(to, amount0);
        t1.safeTransfer(to, amount1);

        _update(t0.balanceOf(address(this)), t1.balanceOf(address(this)), reserve0, reserve1);
        emit Burn(msg.sender, amount0, amount1, to);
    }

    /* SWAP */

    /// @inheritdoc IConstantProductPool
    /// @dev Outputs go out first (optimistic transfer); inputs are whatever the balances show above the remaining
    /// reserves. The single invariant check covers plain swaps and flash swaps alike.
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external nonReentrant {
        if (amount0Out == 0 && amount1Out == 0) revert InsufficientOutputAmount();
        (uint112 reserve0, uint112 reserve1, ) = getReserves();
        if (amount0Out >= reserve0) revert InsufficientLiquidity(amount0Out, reserve0);
        if (amount1Out >= reserve1) revert InsufficientLiquidity(amount1Out, reserve1);
        if (to == token0 || to == token1) revert InvalidTo(to);

        if (amount0Out > 0) IERC20(token0).safeTransfer(to, amount0Out);
        if (amount1Out > 0) IERC20(token1).safeTransfer(to, amount1Out);
        if (data.length > 0) IUniswapV2Callee(to).uniswapV2Call(msg.sender, amount0Out, amount1Out, data);

        uint256 balance0 = IERC20(token0).balanceOf(address(this));
        uint256 balance1 = IERC20(token1).balanceOf(address(this));
        // Cannot underflow: amountOut < reserve was checked above.
        uint256 amount0In = balance0 > reserve0 - amount0Out ? balance0 - (reserve0 - amount0Out) : 0;
        uint256 amount1In = balance1 > reserve1 - amount1Out ? balance1 - (reserve1 - amount1Out) : 0;
        if (amount0In == 0 && amount1In == 0) revert InsufficientInputAmount();

        // _update bounds the balances to uint112 first, which keeps the invariant's products from overflowing;
        // a violated invariant reverts the whole call, update included.
        _update(balance0, balance1, reserve0, reserve1);
        _checkInvariant(balance0, balance1, amount0In, amount1In, reserve0, reserve1);
        emit Swap(msg.sender, amount0In, amount1In, amount0Out, amount1Out, to);
    }

    /* RESERVE MANAGEMENT */

    /// @inheritdoc IConstantProductPool
    /// @dev Unlike V2 this does not revert when a balance is below its reserve; it sends only what is in excess.
    function skim(address to) external nonReentrant {
        (uint112 reserve0, uint112 reserve1, ) = getReserves();
        uint256 excess0 = _excess(token0, reserve0);
        uint256 excess1 = _excess(token1, reserve1);
        if (excess0 > 0) IERC20(token0).safeTransfer(to, excess0);
        if (excess1 > 0) IERC20(token1).safeTransfer(to, excess1);
    }

    /// @inheritdoc IConstantProductPool
    function sync() external nonReentrant {
        _update(
            IERC20(token0).balanceOf(address(this)),
            IERC20(token1).balanceOf(address(this)),
            _reserve0,
            _reserve1
        );
    }

    /* INTERNALS */

    /// @dev balance*10_000 - amountIn*feeBps charges the fee on inputs only. Callers bound balances to uint112, so
    /// the products below stay under 2^252.
    function _checkInvariant(
        uint256 balance0,
        uint256 balance1,
        uint256 amount0In,
        uint256 amount1In,
        uint112 reserve0,
        uint112 reserve1
    ) private view {
        uint256 balance0Adjusted = balance0 * BPS - amount0In * feeBps;
        uint256 balance1Adjusted = balance1 * BPS - amount1In * feeBps;
        uint256 kBefore = uint256(reserve0) * reserve1 * (BPS * BPS);
        uint256 kAfter = balance0Adjusted * balance1Adjusted;
        if (kAfter < kBefore) revert InvariantViolated(kBefore, kAfter);
    }

    /// @dev Accumulates prices with the reserves that held until now, then stores the new reserves.
    function _update(uint256 balance0, uint256 balance1, uint112 reserve0, uint112 reserve1) private {
        _checkFitsReserves(balance0, balance1);
        unchecked {
            // Wrapping is intended (Uniswap V2): the timestamp is kept mod 2^32, the accumulators mod 2^256, and
            // readers only ever use differences.
            uint32 blockTimestamp = uint32(block.timestamp);
            uint32 timeElapsed = blockTimestamp - _blockTimestampLast;
            if (timeElapsed > 0 && reserve0 != 0 && reserve1 != 0) {
                // UQ112x112: (reserve1 * 2^112) / reserve0, rounded down; fits 224 bits since reserve0 >= 1.
                price0CumulativeLast += ((uint256(reserve1) << 112) / reserve0) * timeElapsed;
                price1CumulativeLast += ((uint256(reserve0) << 112) / reserve1) * timeElapsed;
            }
            _blockTimestampLast = blockTimestamp;
        }
        _reserve0 = uint112(balance0);
        _reserve1 = uint112(balance1);
        emit Sync(uint112(balance0), uint112(balance1));
    }

    function _checkFitsReserves(uint256 balance0, uint256 balance1) private pure {
        if (balance0 > type(uint112).max || balance1 > type(uint112).max) revert ReserveOverflow(balance0, balance1);
    }

    function _excess(address token, uint112 reserve) private view returns (uint256) {
        uint256 balance = IERC20(token).balanceOf(address(this));
        return balance > reserve ? balance - reserve : 0;
    }
}
