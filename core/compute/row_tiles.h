#pragma once
#include "compute/dot_kernels.h"
#include "quant/ggml_type.h"

#include <cstddef>
#include <cstdint>
#include <span>

// Prompt-sized products. A few weight rows at a time (8 to 32) are unpacked into a small
// interleaved tile (thread-local scratch, a few tens of KB), then every token of the batch
// passes over it. One vector holds 4 consecutive columns of every tile row (1 column for
// float tiles), so a broadcast of 4 activation bytes (1 float) feeds all rows at once and no
// horizontal sums are needed; the unpacking is paid once per tile instead of once per token.
// Long rows are tiled a chunk of columns at a time so that the tile stays in L1 and the
// activations' chunk in L2. The tile is transient: the weights themselves stay only in the
// mapping.
//
// Tile formats (R = rows per tile, per block of the weight type):
//   K-quants on AVX2 (256 columns, R = 8): see row_tiles_kquant.cpp.
//   32-element blocks (Q4_0 … IQ4_NL): 8 column groups of R x 4 bytes (group g, row r at
//     g * 4R + 4r), each byte the block's integer value plus the kernel's valueOffset (so
//     that it is unsigned where the ISA multiplies unsigned by signed bytes); then R floats
//     d; then, for Q4_1 / Q5_1, R floats m.
//   Float weights (F32, F16, BF16; 32 columns per block) on AVX2: column c of row r as f32
//     at (c * R + r) * 4. On AVX-512 the tokens are in the lanes instead and each weight is
//     broadcast, so the rows are only converted: column c of row r at (r * 32n + c) * 4
//     for a tile of n blocks. BF16 with AVX512-BF16: the rows as stored (BF16 at
//     (r * 32n + c) * 2).
//   Super-blocks with integer sub-block scales (IQ4_XS; Q4_K, Q5_K, Q6_K on AVX-512; 256
//     columns): values as for 32-element blocks (256R bytes), then the sub-block scales
//     as int32 (IQ4_XS: minus 32; sub-block j, row r at (jR + r) * 4; 8 sub-blocks, 16 for
//     Q6_K), then for Q4_K / Q5_K the 8 mins as int32, then R floats d, then for Q4_K /
//     Q5_K R floats dmin. Stored values are unsigned with valueOffset (IQ4_XS on AVX2:
//     signed), corrected through the Q8_K activations' bsums.
namespace realm {

class ThreadPool;

// Per token and 32-column block of Q8_0 / Q8_1 activations, for the 32-element tiles:
// the scale as f32 and either -valueOffset · Σ qs (Q8_0: the integer correction for the
// stored offset, exact) or s (Q8_1).
struct ActBlockSummary {
    float d;
    union {
        int32_t offsetCorrection;
        float s;
    };
};

// The activations a tile pass reads: token t's row at rows + t * rowStride (in the dot
// kernel's activation format), its block summaries (32-element tiles only) at
// summaries + t * summaryStride. Float tiles (F32 activations) read them column by column
// instead: column c of the pass's token t at rows + (c * nTokens + t) * 4, so that one
// pointer walks the broadcasts.
struct TileActivations {
    const uint8_t* rows;
    size_t rowStride;
    const ActBlockSummary* summaries;
    size_t summaryStride;
};

// Unpacks tile rows [0, R) (row r at rows + r * rowStride) of nBlocks blocks.
using PackTileFn = void (*)(const uint8_t* rows, size_t rowStride, int64_t nBlocks, uint8_t* tile);

// y[t * yStride + r] (+)= row r · token t for r < R, t < nTokens (1..tokensPerRun), over
// nBlocks blocks; adds to y when `accumulate`, else overwrites.
using RunTileFn = void (*)(const uint8_t* tile, int64_t nBlocks, const TileActivations& act, int nTokens,
                           float* y, size_t yStride, bool accumulate);

// pack, then run for the first run of tokens, as one pass: each slice of the tile is
// unpacked while the tokens pass over the slice before it, so that the weights' loads from
// the mapping overlap the arithmetic instead of stalling a packer up front.
using PackRunTileFn = void (*)(const uint8_t* rows, size_t rowStride, int64_t nBlocks, uint8_t* tile,
                               const TileActivations& act, int nTokens, float* y, size_t yStride,
                               bool accumulate);

struct TileKernel {
    GgmlType weightType;
    GgmlType actType;    // as the dot kernel's: tiles and per-row kernels read the same activations
    int rows;            // R
    int64_t blockCols;   // columns per tile block
    size_t blockBytes;   // tile bytes per block
    int64_t chunkBlocks; // blocks unpacked at a time
    int tokensPerRun;
    int valueOffset; // 32-element tiles: added to every stored value (0 for others)
    PackTileFn pack;
    RunTileFn run;
    Isa isa;
    PackRunTileFn packAndRun = nullptr; // when set, replaces pack + the first run
    // The kernel rounds the F32 activations to BF16 before multiplying (BF16 weights with
    // AVX512-BF16, as llama.cpp does); its tile is then the weight rows as stored.
    bool roundsActivationsToBF16 = false;
};

// The best tile kernel for `type` among the sets up to `upTo` (which the CPU must support),
// nullptr when there is none (then matmul uses the per-row kernels).
const TileKernel* tileKernel(GgmlType type, Isa upTo = detectedIsa());
// One instruction set's own tile kernel, nullptr if none; does not check the CPU.
const TileKernel* tileKernelFor(GgmlType type, Isa isa);

// y[t * yStride + r] = W_r · x_t for r < rows (a multiple of k.rows), t < nTokens, with the
// activations already in k.actType (rows of actStride bytes). Splits tiles over `pool`
// (may be nullptr).
void multiplyTiles(const TileKernel& k, const uint8_t* weights, size_t weightStride, int64_t rows,
                   int64_t cols, const uint8_t* act, size_t actStride, int64_t nTokens, float* y,
                   size_t yStride, ThreadPool* pool);

namespace kernels {
// Portable code writing the bytes k.pack writes: the reference the SIMD packers are tested
// against.
void packTileReference(const TileKernel& k, const uint8_t* rows, size_t rowStride, int64_t nBlocks,
                       uint8_t* tile);
// The portable packers by family. K-quants (the AVX2 format, 8 rows): withValues = false writes only the
// scales, offsets and multipliers (the SIMD packers add the values themselves).
void packTileKQuant(GgmlType type, const uint8_t* rows, size_t rowStride, int64_t nSuperBlocks, uint8_t* tile,
                    bool withValues);
void packTileBlocks32(GgmlType type, int tileRows, int valueOffset, const uint8_t* rows, size_t rowStride,
                      int64_t nBlocks, uint8_t* tile);
void packTileFloat(GgmlType type, int tileRows, const uint8_t* rows, size_t rowStride, int64_t nBlocks,
                   uint8_t* tile);
void packTileFloatRows(GgmlType type, int tileRows, const uint8_t* rows, size_t rowStride, int64_t nBlocks,
                       uint8_t* tile);
void packTileIQ4_XS(int tileRows, int valueOffset, const uint8_t* rows, size_t rowStride,
                    int64_t nSuperBlocks, uint8_t* tile);
void packTileScaledKQuant(GgmlType type, int tileRows, const uint8_t* rows, size_t rowStride,
                          int64_t nSuperBlocks, uint8_t* tile);

// K-quant tile bytes per super-block: values, per-span scales, offset coefficients, d, dOff.
constexpr size_t kquantTileBlockBytes(int colsPerScale) {
    return 2048 + static_cast<size_t>(256 / colsPerScale) * 32 + 8 * 32 + 64;
}

// nTokens rows of f32 activations (rowStride bytes apart) -> column c's values of all of them
// together, at out + c * nTokens, for c in [c0, c1): what the float tiles read. AVX2, as every
// float tile kernel's CPU has it; 8 x 8 transposes (scalar copies took 5 % of an F16 prompt).
void interleaveColumns(const uint8_t* rows, size_t rowStride, int nTokens, int64_t c0, int64_t c1,
                       float* out);

// Per-ISA tables by family.
std::span<const TileKernel> avx2KQuantTiles();
std::span<const TileKernel> avx2Blocks32Tiles();
std::span<const TileKernel> avx2FloatTiles();
std::span<const TileKernel> avx512Blocks32Tiles();
std::span<const TileKernel> avx512FloatTiles();
std::span<const TileKernel> avx2IQ4_XSTiles();
std::span<const TileKernel> avx512SuperBlockTiles();
} // namespace kernels

} // namespace realm
