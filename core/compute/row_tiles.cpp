// Which tile kernel multiplies each weight type on this CPU, and the loop that drives
// them: tiles of rows split over the threads, a chunk of columns at a time, every token
// passing over each tile.
#include "compute/row_tiles.h"

#include "compute/scratch.h"
#include "compute/thread_pool.h"
#include "quant/block_layouts.h"
#include "quant/float_formats.h"

#include <algorithm>

namespace realm {

namespace {
namespace b = realm::blocks;

// Per token and block: the scale, and the integer correction for the stored values' offset
// (Q8_0) or the block's s (Q8_1).
void summarize(const TileKernel& k, const uint8_t* row, int64_t nBlocks, ActBlockSummary* out) {
    if (k.actType == GgmlType::Q8_1) {
        const auto* x = reinterpret_cast<const b::Q8_1*>(row);
        for (int64_t i = 0; i < nBlocks; ++i) {
            out[i].d = halfToFloat(x[i].d);
            out[i].s = halfToFloat(x[i].s);
        }
        return;
    }
    const auto* x = reinterpret_cast<const b::Q8_0*>(row);
    for (int64_t i = 0; i < nBlocks; ++i) {
        int sum = 0;
        for (int j = 0; j < 32; ++j)
            sum += x[i].qs[j];
        out[i].d = halfToFloat(x[i].d);
        out[i].offsetCorrection = -k.valueOffset * sum;
    }
}

// As kernels::interleaveColumns, for a kernel that multiplies BF16 pairs: token t's columns c
// and c+1, rounded to BF16, as one 32-bit pair at out + (c / 2) * nTokens + t (c0 and c1 even).
void interleaveColumnPairsBF16(const uint8_t* rows, size_t rowStride, int nTokens, int64_t c0, int64_t c1,
                               uint32_t* out) {
    for (int64_t c = c0; c < c1; c += 2)
        for (int t = 0; t < nTokens; ++t) {
            const auto* x = reinterpret_cast<const float*>(rows + t * rowStride);
            out[(c / 2) * nTokens + t] = static_cast<uint32_t>(floatToBf16(x[c])) |
                                         (static_cast<uint32_t>(floatToBf16(x[c + 1])) << 16);
        }
}

void prefetchRows(const uint8_t* first, size_t rowStride, int rows, size_t bytes) {
    for (int r = 0; r < rows; ++r)
        for (size_t b = 0; b < bytes; b += 64)
            __builtin_prefetch(first + r * rowStride + b);
}
} // namespace

const TileKernel* tileKernelFor(GgmlType type, Isa isa) {
    using Family = std::span<const TileKernel> (*)();
    std::span<const Family> families;
    switch (isa) {
    case Isa::Scalar:
        return nullptr;
    case Isa::Avx2: {
        static constexpr Family kAvx2[] = {kernels::avx2KQuantTiles, kernels::avx2Blocks32Tiles,
                                           kernels::avx2FloatTiles, kernels::avx2IQ4_XSTiles};
        families = kAvx2;
        break;
    }
    case Isa::Avx512: {
        static constexpr Family kAvx512[] = {kernels::avx512Blocks32Tiles, kernels::avx512FloatTiles,
                                             kernels::avx512SuperBlockTiles};
        families = kAvx512;
        break;
    }
    }
    for (Family family : families)
        for (const TileKernel& k : family())
            if (k.weightType == type) return &k;
    return nullptr;
}

const TileKernel* tileKernel(GgmlType type, Isa upTo) {
    // Down the ladder, as the dot kernels: every set runs the kernels below it.
    for (int isa = static_cast<int>(upTo); isa >= 0; --isa)
        if (const TileKernel* k = tileKernelFor(type, static_cast<Isa>(isa))) return k;
    return nullptr;
}

void multiplyTiles(const TileKernel& k, const uint8_t* weights, size_t weightStride, int64_t rows,
                   int64_t cols, const uint8_t* act, size_t actStride, int64_t nTokens, float* y,
                   size_t yStride, ThreadPool* pool) {
    const int64_t nBlocks = cols / k.blockCols;
    const bool blocks32 = k.actType == GgmlType::Q8_0 || k.actType == GgmlType::Q8_1;
    const bool interleaved = k.actType == GgmlType::F32;
    ActBlockSummary* summaries = nullptr;
    const size_t summaryStride = blocks32 ? static_cast<size_t>(cols / 32) : 0;
    if (blocks32) {
        thread_local Scratch scratch;
        summaries = reinterpret_cast<ActBlockSummary*>(
            scratch.get(sizeof(ActBlockSummary) * summaryStride * nTokens));
        for (int64_t t = 0; t < nTokens; ++t)
            summarize(k, act + t * actStride, static_cast<int64_t>(summaryStride),
                      summaries + t * summaryStride);
    }
    const int64_t runs = (nTokens + k.tokensPerRun - 1) / k.tokensPerRun;
    auto runTokens = [&](int64_t run) {
        return static_cast<int>(std::min<int64_t>(k.tokensPerRun, nTokens - run * k.tokensPerRun));
    };
    // Float tiles: each run's activations column by column, as f32 or as BF16 (half the bytes).
    uint8_t* columns = nullptr;
    const size_t columnBytes = k.roundsActivationsToBF16 ? 2 : sizeof(float);
    if (interleaved) {
        thread_local Scratch scratch;
        columns = scratch.get(columnBytes * static_cast<size_t>(cols * nTokens));
        // Split by columns, not by runs: three runs over two threads would leave one waiting.
        constexpr int64_t kColumnsPerUnit = 256;
        const int64_t units = (cols + kColumnsPerUnit - 1) / kColumnsPerUnit;
        auto interleave = [&](int64_t u0, int64_t u1, int) {
            const int64_t c0 = u0 * kColumnsPerUnit, c1 = std::min(cols, u1 * kColumnsPerUnit);
            for (int64_t run = 0; run < runs; ++run) {
                const uint8_t* runAct = act + run * k.tokensPerRun * actStride;
                uint8_t* out = columns + columnBytes * static_cast<size_t>(run * k.tokensPerRun * cols);
                if (k.roundsActivationsToBF16)
                    interleaveColumnPairsBF16(runAct, actStride, runTokens(run), c0, c1,
                                              reinterpret_cast<uint32_t*>(out));
                else
                    kernels::interleaveColumns(runAct, actStride, runTokens(run), c0, c1,
                                               reinterpret_cast<float*>(out));
            }
        };
        if (pool && units > 1)
            pool->parallelFor(units, interleave);
        else
            interleave(0, units, 0);
    }
    const int64_t chunkBlocks = std::min(k.chunkBlocks, nBlocks);
    const size_t weightChunkStep = static_cast<size_t>(rowBytes(k.weightType, k.blockCols));
    const size_t actChunkStep = static_cast<size_t>(rowBytes(k.actType, k.blockCols));
    const size_t summaryChunkStep = static_cast<size_t>(k.blockCols / 32);
    auto work = [&](int64_t g0, int64_t g1, int) {
        thread_local Scratch scratch;
        uint8_t* tile = scratch.get(k.blockBytes * static_cast<size_t>(chunkBlocks));
        for (int64_t g = g0; g < g1; ++g) {
            const int64_t r0 = g * k.rows;
            for (int64_t c = 0; c < nBlocks; c += chunkBlocks) {
                const int64_t n = std::min(chunkBlocks, nBlocks - c);
                // The next tile's weights are fetched while the tokens pass over this one (the
                // packer would otherwise wait on memory, one short run of each of R rows at a
                // time), a share of its rows before each run: a burst of all of them at once
                // overflows the queue of misses and the rest are dropped. A kernel that packs
                // inside its first run overlaps those loads with its FMAs instead: there the
                // prefetches cost more than they saved (1.5-2 % of an F16 prompt).
                const uint8_t* next = nullptr;
                size_t nextBytes = 0;
                const bool prefetch = !k.packAndRun;
                if (prefetch && c + chunkBlocks < nBlocks) {
                    next = weights + r0 * weightStride + (c + chunkBlocks) * weightChunkStep;
                    nextBytes = std::min(chunkBlocks, nBlocks - c - chunkBlocks) * weightChunkStep;
                } else if (prefetch && g + 1 < g1) {
                    next = weights + (r0 + k.rows) * weightStride;
                    nextBytes = std::min(chunkBlocks, nBlocks) * weightChunkStep;
                }
                const uint8_t* source = weights + r0 * weightStride + c * weightChunkStep;
                if (!k.packAndRun) k.pack(source, weightStride, n, tile);
                for (int64_t run = 0; run < runs; ++run) {
                    const int64_t t0 = run * k.tokensPerRun;
                    const int nt = runTokens(run);
                    const uint8_t* rowsAt =
                        interleaved
                            ? columns + columnBytes * static_cast<size_t>(t0 * cols + c * k.blockCols * nt)
                            : act + t0 * actStride + c * actChunkStep;
                    const TileActivations a{rowsAt, actStride,
                                            blocks32 ? summaries + t0 * summaryStride + c * summaryChunkStep
                                                     : nullptr,
                                            summaryStride};
                    if (next) {
                        const int first = static_cast<int>(run * k.rows / runs);
                        const int end = static_cast<int>((run + 1) * k.rows / runs);
                        prefetchRows(next + first * weightStride, weightStride, end - first, nextBytes);
                    }
                    if (run == 0 && k.packAndRun)
                        k.packAndRun(source, weightStride, n, tile, a, nt, y + t0 * yStride + r0, yStride,
                                     c > 0);
                    else
                        k.run(tile, n, a, nt, y + t0 * yStride + r0, yStride, c > 0);
                }
            }
        }
    };
    const int64_t groups = rows / k.rows;
    if (pool)
        pool->parallelFor(groups, work);
    else
        work(0, groups, 0);
}

namespace kernels {
void packTileReference(const TileKernel& k, const uint8_t* rows, size_t rowStride, int64_t nBlocks,
                       uint8_t* tile) {
    switch (k.actType) {
    case GgmlType::Q8_K:
        if (k.weightType == GgmlType::IQ4_XS)
            packTileIQ4_XS(k.rows, k.valueOffset, rows, rowStride, nBlocks, tile);
        else if (k.isa == Isa::Avx2)
            packTileKQuant(k.weightType, rows, rowStride, nBlocks, tile, true);
        else
            packTileScaledKQuant(k.weightType, k.rows, rows, rowStride, nBlocks, tile);
        break;
    case GgmlType::F32:
        if (k.roundsActivationsToBF16)
            for (int r = 0; r < k.rows; ++r)
                std::copy_n(rows + r * rowStride, static_cast<size_t>(nBlocks) * k.blockBytes / k.rows,
                            tile + r * nBlocks * static_cast<int64_t>(k.blockBytes / k.rows));
        else if (k.isa == Isa::Avx2)
            packTileFloat(k.weightType, k.rows, rows, rowStride, nBlocks, tile);
        else
            packTileFloatRows(k.weightType, k.rows, rows, rowStride, nBlocks, tile);
        break;
    default:
        packTileBlocks32(k.weightType, k.rows, k.valueOffset, rows, rowStride, nBlocks, tile);
        break;
    }
}
} // namespace kernels

} // namespace realm
