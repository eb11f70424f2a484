// The production matmul: activations converted once to the kernel's format, then rows
// split evenly across the pool. Decode (one token) streams every weight byte once;
// prompts are tiled so a block of weight rows stays in L1/L2 while all tokens pass by.
#include "compute/matmul.h"

#include "compute/dot_kernels.h"
#include "compute/row_tiles.h"
#include "compute/scratch.h"
#include "compute/thread_pool.h"
#include "util/error.h"

#include <algorithm>
#include <array>
#include <string>

namespace realm {

namespace {
constexpr int64_t kRowTile = 16; // weight rows kept hot while the tokens pass (≈18 KB of Q4_K at 2048 cols)
constexpr int kTokenTile = 4;    // tokens per kernel call, sharing the row's unpacking
constexpr int64_t kInlineWork = 1 << 16; // below this many multiply-adds a dispatch costs more than it saves
constexpr int64_t kTileMinTokens = 8;    // fewer tokens do not pay for unpacking rows into a tile

uint8_t* activationScratch(size_t bytes) {
    thread_local Scratch scratch;
    return scratch.get(bytes);
}

std::string describe(const WeightView& w) {
    return std::string(findTypeTraits(static_cast<uint32_t>(w.type)) ? typeName(w.type) : "unknown type") +
           " [" + std::to_string(w.cols) + " x " + std::to_string(w.rows) + "]";
}

const DotKernel& bestKernel(const WeightView& w) {
    const DotKernel* kernel = findTypeTraits(static_cast<uint32_t>(w.type)) ? dotKernel(w.type) : nullptr;
    if (!kernel) throw Error("matmul: no kernel for weight type " + describe(w));
    return *kernel;
}

void checkShape(const WeightView& w, const float* x, const float* y, const DotKernel& kernel) {
    if (!w.data || !x || !y || w.cols <= 0)
        throw Error("matmul: empty weight or activation for " + describe(w));
    if (w.cols % typeTraits(w.type).blockSize != 0 || w.cols % typeTraits(kernel.actType).blockSize != 0)
        throw Error("matmul: row length " + std::to_string(w.cols) +
                    " is not a multiple of the block size of " + describe(w));
}

// One token's activations against rows r0 .. r1 of w.
void oneTokenRows(const DotKernel& kernel, const WeightView& w, size_t wStride, const uint8_t* act, float* y,
                  int64_t r0, int64_t r1) {
    const auto* rows = static_cast<const uint8_t*>(w.data) + static_cast<size_t>(r0) * wStride;
    if (kernel.rowsDot)
        kernel.rowsDot(w.cols, rows, wStride, act, y + r0, r1 - r0);
    else
        for (int64_t r = r0; r < r1; ++r)
            kernel.vecDot(w.cols, rows + static_cast<size_t>(r - r0) * wStride, act, 0, y + r, 1);
}

// One token's work is shared out in rows, or, where the kernel has a pair kernel, in pairs of
// rows (r, half + r): then each thread's share is two streams of rows in address order, which
// read faster than one (see RowPairsDotFn).
bool inPairs(const DotKernel& kernel, const WeightView& w) {
    return kernel.rowPairsDot && w.rows >= 2;
}
int64_t workRows(const DotKernel& kernel, const WeightView& w) {
    return inPairs(kernel, w) ? w.rows / 2 : w.rows;
}

// One token against work rows r0 .. r1 of w (see workRows); the last pair takes an odd row too.
void oneTokenWork(const DotKernel& kernel, const WeightView& w, size_t wStride, const uint8_t* act, float* y,
                  int64_t r0, int64_t r1) {
    if (!inPairs(kernel, w)) return oneTokenRows(kernel, w, wStride, act, y, r0, r1);
    const int64_t half = w.rows / 2;
    kernel.rowPairsDot(w.cols, static_cast<const uint8_t*>(w.data) + static_cast<size_t>(r0) * wStride,
                       wStride, half, act, y + r0, r1 - r0);
    if (r1 == half && w.rows % 2) oneTokenRows(kernel, w, wStride, act, y, w.rows - 1, w.rows);
}
} // namespace

void matmul(const WeightView& w, const float* x, int64_t nTokens, float* y, ThreadPool* pool) {
    matmul(w, x, nTokens, y, pool, bestKernel(w));
}

void matmulSameInput(std::span<const MatmulPart> parts, const float* x, int64_t nTokens, ThreadPool* pool) {
    constexpr size_t kMaxParts = 4;
    if (nTokens != 1 || parts.size() > kMaxParts || !pool || pool->size() < 2) {
        for (const MatmulPart& p : parts)
            matmul(p.w, x, nTokens, p.y, pool);
        return;
    }
    struct Plan {
        const DotKernel* kernel;
        const uint8_t* act;
        size_t wStride;
        int64_t firstUnit; // in units of kRowTile rows, counted over all parts
    };
    std::array<Plan, kMaxParts> plans{};
    size_t actBytes = 0;
    for (size_t i = 0; i < parts.size(); ++i) {
        const WeightView& w = parts[i].w;
        plans[i].kernel = &bestKernel(w);
        checkShape(w, x, parts[i].y, *plans[i].kernel);
        if (w.cols != parts[0].w.cols)
            throw Error("matmul: another row length than the first for " + describe(w));
        actBytes += static_cast<size_t>(rowBytes(plans[i].kernel->actType, w.cols));
    }
    // Each activation format once (q and k are usually one type, v another).
    uint8_t* scratch = activationScratch(actBytes);
    int64_t units = 0;
    for (size_t i = 0; i < parts.size(); ++i) {
        const WeightView& w = parts[i].w;
        Plan& plan = plans[i];
        plan.wStride = static_cast<size_t>(rowBytes(w.type, w.cols));
        plan.firstUnit = units;
        units += (workRows(*plan.kernel, w) + kRowTile - 1) / kRowTile;
        plan.act = reinterpret_cast<const uint8_t*>(x);
        if (!plan.kernel->quantizeAct) continue;
        const auto same =
            std::find_if(plans.begin(), plans.begin() + static_cast<std::ptrdiff_t>(i),
                         [&](const Plan& p) { return p.kernel->quantizeAct == plan.kernel->quantizeAct; });
        if (same != plans.begin() + static_cast<std::ptrdiff_t>(i)) {
            plan.act = same->act;
            continue;
        }
        plan.kernel->quantizeAct(x, scratch, w.cols);
        plan.act = scratch;
        scratch += rowBytes(plan.kernel->actType, w.cols);
    }
    auto rowsWork = [&](int64_t u0, int64_t u1, int) {
        for (size_t i = 0; i < parts.size(); ++i) {
            const WeightView& w = parts[i].w;
            const Plan& plan = plans[i];
            const int64_t r0 = std::max<int64_t>(0, (u0 - plan.firstUnit) * kRowTile);
            const int64_t r1 = std::min(workRows(*plan.kernel, w), (u1 - plan.firstUnit) * kRowTile);
            if (r0 < r1) oneTokenWork(*plan.kernel, w, plan.wStride, plan.act, parts[i].y, r0, r1);
        }
    };
    if (units * kRowTile * parts[0].w.cols < kInlineWork)
        rowsWork(0, units, 0);
    else
        pool->parallelFor(units, rowsWork);
}

void matmul(const WeightView& w, const float* x, int64_t nTokens, float* y, ThreadPool* pool,
            const DotKernel& k) {
    if (k.weightType != w.type) throw Error("matmul: kernel for another weight type than " + describe(w));
    const DotKernel* kernel = &k;
    if (nTokens <= 0 || w.rows <= 0) return;
    checkShape(w, x, y, k);

    const int64_t wStride = rowBytes(w.type, w.cols);
    const size_t actStride = static_cast<size_t>(rowBytes(kernel->actType, w.cols));
    const bool threaded = pool && pool->size() > 1 && w.rows * w.cols * nTokens >= kInlineWork;

    const uint8_t* act = reinterpret_cast<const uint8_t*>(x);
    if (kernel->quantizeAct) {
        uint8_t* q = activationScratch(actStride * static_cast<size_t>(nTokens));
        auto convert = [&](int64_t t0, int64_t t1, int) {
            for (int64_t t = t0; t < t1; ++t)
                kernel->quantizeAct(x + t * w.cols, q + t * actStride, w.cols);
        };
        if (threaded && nTokens > 1)
            pool->parallelFor(nTokens, convert);
        else
            convert(0, nTokens, 0);
        act = q;
    }

    const auto* wBytes = static_cast<const uint8_t*>(w.data);
    if (nTokens == 1) {
        const int64_t n = workRows(*kernel, w);
        auto work = [&](int64_t r0, int64_t r1, int) {
            oneTokenWork(*kernel, w, static_cast<size_t>(wStride), act, y, r0, r1);
        };
        if (threaded && n > kRowTile)
            pool->parallelFor(n, work, kRowTile);
        else
            work(0, n, 0);
        return;
    }
    int64_t firstRowLeft = 0; // rows below this were done by the tile kernel
    const TileKernel* tiles = nTokens >= kTileMinTokens ? tileKernel(w.type, kernel->isa) : nullptr;
    if (tiles && tiles->actType == kernel->actType && w.rows >= tiles->rows &&
        w.cols % tiles->blockCols == 0) {
        firstRowLeft = w.rows / tiles->rows * tiles->rows;
        multiplyTiles(*tiles, wBytes, static_cast<size_t>(wStride), firstRowLeft, w.cols, act, actStride,
                      nTokens, y, static_cast<size_t>(w.rows), threaded ? pool : nullptr);
        if (firstRowLeft == w.rows) return;
    }
    auto rowsWork = [&](int64_t r0, int64_t r1, int) {
        float out[kTokenTile];
        for (int64_t rb = r0; rb < r1; rb += kRowTile) {
            const int64_t re = std::min(r1, rb + kRowTile);
            for (int64_t t0 = 0; t0 < nTokens; t0 += kTokenTile) {
                const int nt = static_cast<int>(std::min<int64_t>(kTokenTile, nTokens - t0));
                for (int64_t r = rb; r < re; ++r) {
                    kernel->vecDot(w.cols, wBytes + r * wStride, act + t0 * actStride, actStride, out, nt);
                    for (int i = 0; i < nt; ++i)
                        y[(t0 + i) * w.rows + r] = out[i];
                }
            }
        }
    };
    if (threaded && w.rows - firstRowLeft > kRowTile)
        pool->parallelFor(
            w.rows - firstRowLeft,
            [&](int64_t b, int64_t e, int i) { rowsWork(firstRowLeft + b, firstRowLeft + e, i); }, kRowTile);
    else
        rowsWork(firstRowLeft, w.rows, 0);
}

} // namespace realm
