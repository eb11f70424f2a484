// The fast matmul path: every SIMD kernel against its scalar reference on random blocks,
// matmul() against matmulReference() within the error activation quantization allows,
// and the thread pool's contract.
#include "compute/cpu_features.h"
#include "compute/dot_kernels.h"
#include "compute/matmul.h"
#include "compute/read_lines.h"
#include "compute/row_tiles.h"
#include "compute/thread_pool.h"
#include "quant/block_layouts.h"
#include "quant/float_formats.h"
#include "quant/random_blocks.h"
#include "util/error.h"

#include <QTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <mutex>
#include <random>
#include <vector>

using namespace realm;

Q_DECLARE_METATYPE(realm::GgmlType)
Q_DECLARE_METATYPE(realm::Isa)

namespace {
// Activations already representable in BF16: a kernel that rounds them multiplies these exactly.
void roundToBF16(std::vector<float>& x) {
    for (float& v : x)
        v = realm::bf16ToFloat(realm::floatToBf16(v));
}

std::vector<float> randomActivations(int64_t n, std::mt19937& rng) {
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> x(static_cast<size_t>(n));
    for (auto& v : x)
        v = normal(rng);
    x[3] = 7.5f; // an outlier, as real activations have
    return x;
}

const GgmlType kIntegerTypes[] = {GgmlType::F32,    GgmlType::F16,  GgmlType::BF16,  GgmlType::Q4_0,
                                  GgmlType::Q4_1,   GgmlType::Q5_0, GgmlType::Q5_1,  GgmlType::Q8_0,
                                  GgmlType::IQ4_NL, GgmlType::Q2_K, GgmlType::Q3_K,  GgmlType::Q4_K,
                                  GgmlType::Q5_K,   GgmlType::Q6_K, GgmlType::IQ4_XS};

// Every type with tile kernels for prompt matmuls.
const GgmlType kTileTypes[] = {GgmlType::Q4_K,   GgmlType::Q5_K, GgmlType::Q6_K, GgmlType::Q4_0,
                               GgmlType::Q4_1,   GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q8_0,
                               GgmlType::IQ4_NL, GgmlType::F32,  GgmlType::F16,  GgmlType::BF16,
                               GgmlType::IQ4_XS};

// Random rows of `type`, one token's activations in the scalar kernel's format and the scalar
// kernel's result for every row: what decoding's faster kernels are held to.
struct ScalarRows {
    std::vector<uint8_t> w, act;
    std::vector<float> want;
    float maxAbs = 0;
    int64_t wStride = 0;
};
ScalarRows scalarRows(GgmlType type, int64_t rows, int64_t cols, std::mt19937& rng) {
    const DotKernel* ref = dotKernelFor(type, Isa::Scalar);
    ScalarRows c;
    c.w = randomWeightBytes(type, rows, cols, rng);
    const auto x = randomActivations(cols, rng);
    c.act.resize(static_cast<size_t>(rowBytes(ref->actType, cols)));
    ref->quantizeAct(x.data(), c.act.data(), cols);
    c.wStride = rowBytes(type, cols);
    c.want.resize(static_cast<size_t>(rows));
    for (int64_t r = 0; r < rows; ++r) {
        ref->vecDot(cols, c.w.data() + r * c.wStride, c.act.data(), c.act.size(), &c.want[r], 1);
        c.maxAbs = std::max(c.maxAbs, std::fabs(c.want[r]));
    }
    return c;
}

void addTypeRows() {
    QTest::addColumn<GgmlType>("type");
    for (GgmlType t : kIntegerTypes)
        QTest::newRow(typeName(t)) << t;
}

} // namespace

class TestComputeKernels : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // Every SIMD instruction set's kernel for every type, against the scalar one.
    void simdMatchesScalar_data() {
        QTest::addColumn<Isa>("isa");
        QTest::addColumn<GgmlType>("type");
        for (Isa isa : {Isa::Avx2, Isa::Avx512})
            for (GgmlType t : kIntegerTypes)
                QTest::newRow(qPrintable(
                    QStringLiteral("%1 %2").arg(QLatin1String(isaName(isa)), QLatin1String(typeName(t)))))
                    << isa << t;
    }
    void simdMatchesScalar() {
        QFETCH(Isa, isa);
        QFETCH(GgmlType, type);
        const DotKernel* ref = dotKernelFor(type, Isa::Scalar);
        QVERIFY(ref);
        if (!cpuSupports(isa))
            QSKIP(qPrintable(QStringLiteral("this CPU has no %1: its kernels cannot run")
                                 .arg(QLatin1String(isaName(isa)))));
        const DotKernel* simd = dotKernelFor(type, isa);
        if (isa == Isa::Avx512 && !simd) QSKIP("no AVX-512 kernel for this type: the AVX2 one runs");
        QVERIFY2(simd, "every integer type has an AVX2 kernel");
        QCOMPARE(simd->isa, isa);
        QCOMPARE(simd->actType, ref->actType);
        if (isa == detectedIsa()) QCOMPARE(dotKernel(type), simd);

        std::mt19937 rng(42 + static_cast<int>(type));
        // Odd tails: 13 floats past a multiple of 16, an odd number of 32-element blocks.
        const int64_t blockSize = typeTraits(type).blockSize;
        const int64_t cols = 1024 + (blockSize == 1 ? 13 : blockSize == 32 ? 32 : 0);
        const int64_t rows = 24;
        const auto w = randomWeightBytes(type, rows, cols, rng);
        const int nTok = 6; // one pass of 4 tokens sharing the row's unpacking, then 2
        const size_t actStride = static_cast<size_t>(rowBytes(ref->actType, cols));
        std::vector<uint8_t> actRef(actStride * nTok), actSimd(actStride * nTok);
        std::vector<float> x;
        for (int t = 0; t < nTok; ++t) {
            const auto xt = randomActivations(cols, rng);
            x.insert(x.end(), xt.begin(), xt.end());
        }
        if (ref->quantizeAct) {
            for (int t = 0; t < nTok; ++t) {
                ref->quantizeAct(x.data() + t * cols, actRef.data() + t * actStride, cols);
                simd->quantizeAct(x.data() + t * cols, actSimd.data() + t * actStride, cols);
            }
            QVERIFY2(actRef == actSimd, "SIMD activation quantizer must produce the scalar one's bytes");
        } else {
            std::memcpy(actRef.data(), x.data(), actRef.size());
        }

        const int64_t wStride = rowBytes(type, cols);
        std::vector<float> a(rows * nTok), s(rows * nTok), s1(rows * nTok);
        float maxAbs = 0;
        for (int64_t r = 0; r < rows; ++r) {
            ref->vecDot(cols, w.data() + r * wStride, actRef.data(), actStride, &a[r * nTok], nTok);
            simd->vecDot(cols, w.data() + r * wStride, actRef.data(), actStride, &s[r * nTok], nTok);
            for (int t = 0; t < nTok; ++t)
                simd->vecDot(cols, w.data() + r * wStride, actRef.data() + t * actStride, actStride,
                             &s1[r * nTok + t], 1);
            for (int t = 0; t < nTok; ++t)
                maxAbs = std::max(maxAbs, std::fabs(a[r * nTok + t]));
        }
        QVERIFY(maxAbs > 0);
        for (size_t i = 0; i < a.size(); ++i) {
            // Same integer sums; only the float summation order differs.
            if (std::fabs(a[i] - s[i]) > 2e-5f * maxAbs)
                QFAIL(qPrintable(QStringLiteral("%1: row %2 scalar %3 simd %4")
                                     .arg(QString::fromLatin1(typeName(type)))
                                     .arg(i)
                                     .arg(a[i])
                                     .arg(s[i])));
            QCOMPARE(s[i], s1[i]); // batching tokens must not change a result
        }
        if (isa == Isa::Avx512 && ref->actType == GgmlType::F32) {
            // Float weights: the AVX2 kernel's sums in its order, so that prompts (AVX2 float
            // tiles) and decoding agree to the bit.
            const DotKernel* avx2 = dotKernelFor(type, Isa::Avx2);
            for (int64_t r = 0; r < rows; ++r) {
                float want[nTok];
                avx2->vecDot(cols, w.data() + r * wStride, actRef.data(), actStride, want, nTok);
                for (int t = 0; t < nTok; ++t)
                    QCOMPARE(s[r * nTok + t], want[t]);
            }
        }
    }

    // Decoding's kernels per instruction set, many rows (one token against a run of rows) and
    // row pairs (rows r and r + apart in one pass): every row count (whole groups and the rest)
    // and every distance gives the scalar per-row kernel's results.
    void rowsDotMatchesScalar_data() { simdMatchesScalar_data(); }
    void rowsDotMatchesScalar() {
        QFETCH(Isa, isa);
        QFETCH(GgmlType, type);
        if (!cpuSupports(isa))
            QSKIP(qPrintable(QStringLiteral("this CPU has no %1: its kernels cannot run")
                                 .arg(QLatin1String(isaName(isa)))));
        const DotKernel* simd = dotKernelFor(type, isa);
        if (!simd || (!simd->rowsDot && !simd->rowPairsDot))
            QSKIP("no many-rows or row-pair kernel for this type here: vecDot runs row by row");
        std::mt19937 rng(7 + static_cast<int>(type));
        // Super-block rows of 4-7 blocks: whole steps of four and every shorter last step.
        const std::vector<int64_t> colCounts = typeTraits(type).blockSize == 32
                                                   ? std::vector<int64_t>{1056}
                                                   : std::vector<int64_t>{1024, 1280, 1536, 1792};
        for (const int64_t cols : colCounts) {
            const int64_t rows = 23;
            const ScalarRows c = scalarRows(type, rows, cols, rng);
            const auto& [w, act, want, maxAbs, wStride] = c;
            QVERIFY(maxAbs > 0);
            // got[r] is row first + r; empty if it is the scalar kernel's.
            const auto mismatch = [&](const std::vector<float>& got, int64_t first, int64_t r,
                                      const QString& call) {
                if (std::fabs(got[r] - want[first + r]) <= 2e-5f * maxAbs) return QString();
                return QStringLiteral("%1 x %2: %3, row %4: scalar %5 kernel %6")
                    .arg(QString::fromLatin1(typeName(type)))
                    .arg(cols)
                    .arg(call)
                    .arg(first + r)
                    .arg(want[first + r])
                    .arg(got[r]);
            };
            for (int64_t first : {int64_t{0}, int64_t{5}}) {
                for (int64_t count = 1; simd->rowsDot && first + count <= rows; ++count) {
                    std::vector<float> got(static_cast<size_t>(count), -1.0f);
                    simd->rowsDot(cols, w.data() + first * wStride, static_cast<size_t>(wStride), act.data(),
                                  got.data(), count);
                    for (int64_t r = 0; r < count; ++r)
                        if (const QString m =
                                mismatch(got, first, r, QStringLiteral("rows %1+%2").arg(first).arg(count));
                            !m.isEmpty())
                            QFAIL(qPrintable(m));
                }
                for (const int64_t apart : {int64_t{1}, int64_t{5}, int64_t{11}})
                    for (int64_t count = 1;
                         simd->rowPairsDot && count <= apart && first + apart + count <= rows; ++count) {
                        std::vector<float> got(static_cast<size_t>(apart + count), -1.0f);
                        simd->rowPairsDot(cols, w.data() + first * wStride, static_cast<size_t>(wStride),
                                          apart, act.data(), got.data(), count);
                        const QString call =
                            QStringLiteral("pairs %1+%2 apart %3").arg(first).arg(count).arg(apart);
                        for (int64_t r = 0; r < apart + count; ++r) {
                            if (r >= count && r < apart) {
                                QCOMPARE(got[r], -1.0f); // between the pairs: not written
                                continue;
                            }
                            if (const QString m = mismatch(got, first, r, call); !m.isEmpty())
                                QFAIL(qPrintable(m));
                        }
                    }
            }
        }
    }

    // One token goes in pairs of rows where the kernel has them (on AVX-512: Q4_K and Q6_K with
    // pair kernels of their own, Q8_0 through its one-row kernel): the same results, bit for bit,
    // as decoding's kernel one row at a time, threaded or not, wide rows and narrow, odd and
    // even row counts.
    void oneTokenPairsMatchRowByRow_data() {
        QTest::addColumn<GgmlType>("type");
        QTest::addColumn<int64_t>("cols");
        QTest::addColumn<int64_t>("rows");
        for (const GgmlType type : {GgmlType::Q4_K, GgmlType::Q6_K, GgmlType::Q8_0})
            for (const auto& [cols, rows] : {std::pair<int64_t, int64_t>{8448, 37}, {1280, 70}, {512, 3}})
                QTest::addRow("%s %lldx%lld", typeName(type), static_cast<long long>(cols),
                              static_cast<long long>(rows))
                    << type << cols << rows;
    }
    void oneTokenPairsMatchRowByRow() {
        QFETCH(GgmlType, type);
        QFETCH(int64_t, cols);
        QFETCH(int64_t, rows);
        std::mt19937 rng(13 + static_cast<int>(type));
        const auto w = randomWeightBytes(type, rows, cols, rng);
        const auto x = randomActivations(cols, rng);
        const DotKernel* k = dotKernel(type);
        std::vector<uint8_t> act(static_cast<size_t>(rowBytes(k->actType, cols)));
        k->quantizeAct(x.data(), act.data(), cols);
        const int64_t wStride = rowBytes(type, cols);
        std::vector<float> want(rows), threaded(rows), single(rows);
        for (int64_t r = 0; r < rows; ++r)
            if (k->rowsDot)
                k->rowsDot(cols, w.data() + r * wStride, static_cast<size_t>(wStride), act.data(), &want[r],
                           1);
            else
                k->vecDot(cols, w.data() + r * wStride, act.data(), 0, &want[r], 1);
        ThreadPool pool(2);
        matmul(WeightView{type, w.data(), rows, cols}, x.data(), 1, threaded.data(), &pool);
        matmul(WeightView{type, w.data(), rows, cols}, x.data(), 1, single.data(), nullptr);
        QCOMPARE(threaded, want);
        QCOMPARE(single, want);
    }

    // BF16 prompts multiply BF16 pairs (vdpbf16ps) where the CPU has AVX512-BF16: then the
    // AVX-512 rows of tileKernelsMatchScalar check that kernel, else the f32 one.
    void bf16TilesUseTheBF16DotWhereAvailable() {
        if (!cpuHasAvx512Vnni()) QSKIP("this CPU has no AVX-512: the BF16 tiles are the AVX2 f32 ones");
        const TileKernel* k = tileKernelFor(GgmlType::BF16, Isa::Avx512);
        QVERIFY(k);
        if (!cpuHasAvx512Bf16()) {
            QVERIFY(!k->roundsActivationsToBF16);
            QSKIP("this CPU has no AVX512-BF16: its BF16 tiles convert to f32 (checked), the vdpbf16ps "
                  "kernel cannot run here");
        }
        QVERIFY(k->roundsActivationsToBF16);
        if (detectedIsa() == Isa::Avx512) QCOMPARE(tileKernel(GgmlType::BF16), k); // not under REALM_MAX_ISA
    }

    // The interleaved tiles of prompt matmuls, per instruction set: the SIMD packer writes
    // the portable packer's bytes, and every token count and column chunking gives the
    // scalar per-row kernel's results (the same integer sums; float order may differ).
    void tileKernelsMatchScalar_data() {
        QTest::addColumn<GgmlType>("type");
        QTest::addColumn<Isa>("isa");
        for (Isa isa : {Isa::Avx2, Isa::Avx512})
            for (GgmlType t : kTileTypes)
                QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QString::fromLatin1(typeName(t)),
                                                                     QString::fromLatin1(isaName(isa)))))
                    << t << isa;
    }
    void tileKernelsMatchScalar() {
        QFETCH(GgmlType, type);
        QFETCH(Isa, isa);
        if (!cpuSupports(isa))
            QSKIP(qPrintable(QStringLiteral("this CPU has no %1: its tile kernels cannot run")
                                 .arg(QString::fromLatin1(isaName(isa)))));
        const TileKernel* k = tileKernelFor(type, isa);
        if (isa == Isa::Avx512 && !k) QSKIP("no AVX-512 tile kernel for this type: the AVX2 one runs");
        QVERIFY2(k, "every type in kTileTypes has an AVX2 tile kernel");
        QCOMPARE(k->isa, isa);
        const DotKernel* ref = dotKernelFor(type, Isa::Scalar);
        QCOMPARE(k->actType, ref->actType);
        std::mt19937 rng(99 + static_cast<int>(type));
        const int64_t rows = 3 * k->rows;
        // The last size spans more than one chunk (at most 16 K-quant super-blocks' worth).
        const int64_t manyBlocks = std::min<int64_t>(k->chunkBlocks, 4096 / k->blockCols) + 3;
        for (int64_t nBlocks : {int64_t{1}, int64_t{3}, manyBlocks}) {
            const int64_t cols = nBlocks * k->blockCols;
            const auto w = randomWeightBytes(type, rows, cols, rng);
            const size_t wStride = static_cast<size_t>(rowBytes(type, cols));
            {
                const int64_t packBlocks = std::min(nBlocks, k->chunkBlocks);
                const size_t bytes = k->blockBytes * static_cast<size_t>(packBlocks);
                std::vector<uint8_t> simdTile(bytes + 64), portable(bytes);
                auto* tile = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(simdTile.data()) + 63) &
                                                        ~uintptr_t{63});
                k->pack(w.data(), wStride, packBlocks, tile);
                kernels::packTileReference(*k, w.data(), wStride, packBlocks, portable.data());
                QVERIFY2(std::memcmp(portable.data(), tile, bytes) == 0,
                         "the SIMD packer must write the portable packer's bytes");
            }
            // Up to 9 tokens, then around one run and past two (the last run partial).
            std::vector<int> tokenCounts{1, 2, 3, 4, 5, 6, 7, 8, 9};
            for (int n : {k->tokensPerRun - 1, k->tokensPerRun, k->tokensPerRun + 1, 2 * k->tokensPerRun + 7})
                if (n > 9) tokenCounts.push_back(n);
            const int kMaxTokens = tokenCounts.back();
            const size_t actStride = static_cast<size_t>(rowBytes(ref->actType, cols));
            std::vector<uint8_t> act(actStride * kMaxTokens);
            for (int t = 0; t < kMaxTokens; ++t) {
                auto x = randomActivations(cols, rng);
                if (k->roundsActivationsToBF16) roundToBF16(x); // what the kernel multiplies
                if (ref->quantizeAct)
                    ref->quantizeAct(x.data(), act.data() + t * actStride, cols);
                else
                    std::memcpy(act.data() + t * actStride, x.data(), actStride);
            }
            std::vector<float> want(rows * kMaxTokens);
            float maxAbs = 0;
            std::vector<float> out(kMaxTokens);
            for (int64_t r = 0; r < rows; ++r) {
                ref->vecDot(cols, w.data() + r * wStride, act.data(), actStride, out.data(), kMaxTokens);
                for (int t = 0; t < kMaxTokens; ++t) {
                    want[t * rows + r] = out[t];
                    maxAbs = std::max(maxAbs, std::fabs(out[t]));
                }
            }
            for (int nTok : tokenCounts) {
                std::vector<float> got(rows * nTok, -1.0f);
                multiplyTiles(*k, w.data(), wStride, rows, cols, act.data(), actStride, nTok, got.data(),
                              static_cast<size_t>(rows), nullptr);
                for (int64_t i = 0; i < rows * nTok; ++i)
                    if (std::fabs(want[i] - got[i]) > 2e-5f * maxAbs)
                        QFAIL(qPrintable(
                            QStringLiteral("%1 cols %2 tokens %3: row %4 token %5 scalar %6 tile %7")
                                .arg(QString::fromLatin1(typeName(type)))
                                .arg(cols)
                                .arg(nTok)
                                .arg(i % rows)
                                .arg(i / rows)
                                .arg(want[i])
                                .arg(got[i])));
            }
        }
    }

    // matmul with the tile kernel this CPU picks: rows not a multiple of the tile height (the
    // rest goes to the per-row kernel), token counts around the tile threshold, threaded.
    void matmulTilesMatchScalar_data() {
        QTest::addColumn<GgmlType>("type");
        for (GgmlType t : kTileTypes)
            QTest::newRow(typeName(t)) << t;
    }
    void matmulTilesMatchScalar() {
        QFETCH(GgmlType, type);
        if (!tileKernel(type))
            QSKIP("no tile kernel for this type on this CPU: matmul uses the per-row kernels");
        const DotKernel* ref = dotKernelFor(type, Isa::Scalar);
        std::mt19937 rng(5 + static_cast<int>(type));
        const int64_t rows = 37, cols = 4 * 256;
        const auto w = randomWeightBytes(type, rows, cols, rng);
        const size_t wStride = static_cast<size_t>(rowBytes(type, cols));
        const size_t actStride = static_cast<size_t>(rowBytes(ref->actType, cols));
        ThreadPool pool(2);
        for (int64_t nTok : {int64_t{8}, int64_t{9}, int64_t{17}}) {
            std::vector<float> x;
            std::vector<uint8_t> act(actStride * nTok);
            for (int64_t t = 0; t < nTok; ++t) {
                auto xt = randomActivations(cols, rng);
                if (tileKernel(type)->roundsActivationsToBF16) roundToBF16(xt); // as the tiles multiply
                x.insert(x.end(), xt.begin(), xt.end());
                if (ref->quantizeAct)
                    ref->quantizeAct(xt.data(), act.data() + t * actStride, cols);
                else
                    std::memcpy(act.data() + t * actStride, xt.data(), actStride);
            }
            std::vector<float> got(rows * nTok), single(rows * nTok), want(rows * nTok), out(nTok);
            matmul(WeightView{type, w.data(), rows, cols}, x.data(), nTok, got.data(), &pool);
            matmul(WeightView{type, w.data(), rows, cols}, x.data(), nTok, single.data(), nullptr);
            QCOMPARE(got, single); // threading splits tiles, never a sum
            float maxAbs = 0;
            for (int64_t r = 0; r < rows; ++r) {
                ref->vecDot(cols, w.data() + r * wStride, act.data(), actStride, out.data(),
                            static_cast<int>(nTok));
                for (int64_t t = 0; t < nTok; ++t) {
                    want[t * rows + r] = out[t];
                    maxAbs = std::max(maxAbs, std::fabs(out[t]));
                }
            }
            for (size_t i = 0; i < want.size(); ++i)
                if (std::fabs(want[i] - got[i]) > 2e-5f * maxAbs)
                    QFAIL(qPrintable(QStringLiteral("%1 tokens %2: row %3 token %4 scalar %5 matmul %6")
                                         .arg(QString::fromLatin1(typeName(type)))
                                         .arg(nTok)
                                         .arg(i % rows)
                                         .arg(i / rows)
                                         .arg(want[i])
                                         .arg(got[i])));
        }
    }

    void matmulMatchesReference_data() { addTypeRows(); }
    void matmulMatchesReference() {
        QFETCH(GgmlType, type);
        if (!typeTraits(type).dequantize) QSKIP("no dequantizer for this type yet: the reference cannot run");
        std::mt19937 rng(7 + static_cast<int>(type));
        const int64_t cols = 512, rows = 37; // rows not a multiple of the row tile
        const auto w = randomWeightBytes(type, rows, cols, rng);
        const WeightView view{type, w.data(), rows, cols};
        std::vector<float> rowF(cols);
        ThreadPool pool(2);
        for (int64_t nTok : {int64_t{1}, int64_t{7}, int64_t{13}}) { // 13: the tile path, with a token tail
            std::vector<float> x;
            for (int64_t t = 0; t < nTok; ++t) {
                auto xt = randomActivations(cols, rng);
                // The reference multiplies in f32: give it what a rounding kernel multiplies.
                if (const TileKernel* k = tileKernel(type); k && k->roundsActivationsToBF16) roundToBF16(xt);
                x.insert(x.end(), xt.begin(), xt.end());
            }
            std::vector<float> ref(rows * nTok), fast(rows * nTok), single(rows * nTok);
            matmulReference(view, x.data(), nTok, ref.data());
            matmul(view, x.data(), nTok, fast.data(), &pool);
            matmul(view, x.data(), nTok, single.data(), nullptr);
            QCOMPARE(fast, single); // threading splits rows, never a sum

            const DotKernel* k = dotKernel(type);
            const int64_t actBlock = typeTraits(k->actType).blockSize;
            for (int64_t r = 0; r < rows; ++r) {
                dequantizeRows(type, w.data() + r * rowBytes(type, cols), rowF.data(), cols, 1);
                for (int64_t t = 0; t < nTok; ++t) {
                    const float* xt = x.data() + t * cols;
                    // Bound on the error of rounding each activation to its block's 8-bit grid
                    // (half a step of amax/127) plus binary16 rounding of the block scale.
                    double bound = 0, magnitude = 0;
                    for (int64_t c0 = 0; c0 < cols; c0 += actBlock) {
                        float amax = 0;
                        for (int64_t c = c0; c < c0 + actBlock; ++c)
                            amax = std::max(amax, std::fabs(xt[c]));
                        for (int64_t c = c0; c < c0 + actBlock; ++c) {
                            const double aw = std::fabs(rowF[c]);
                            magnitude += aw * std::fabs(xt[c]);
                            if (k->actType != GgmlType::F32)
                                bound += aw * (amax / 254.0 + 1e-3 * std::fabs(xt[c]));
                        }
                    }
                    bound = bound * 1.01 + 1e-5 * magnitude + 1e-6;
                    const double err = std::fabs(static_cast<double>(fast[t * rows + r]) - ref[t * rows + r]);
                    if (err > bound)
                        QFAIL(qPrintable(QStringLiteral("%1 token %2 row %3: fast %4 reference %5 bound %6")
                                             .arg(QString::fromLatin1(typeName(type)))
                                             .arg(t)
                                             .arg(r)
                                             .arg(fast[t * rows + r])
                                             .arg(ref[t * rows + r])
                                             .arg(bound)));
                }
            }
        }
    }

    // Weights sharing one input, multiplied in one pass of the pool: each output equals its
    // own matmul exactly (same kernel, same converted activations), for weights of different
    // activation formats, row counts that end mid-tile, one token and several.
    void matmulSameInputMatchesSeparateMatmuls() {
        std::mt19937 rng(11);
        const int64_t cols = 4 * 256;
        const struct {
            GgmlType type;
            int64_t rows;
        } shapes[] = {
            {GgmlType::Q4_K, 1040}, {GgmlType::Q8_0, 37}, {GgmlType::Q6_K, 7}, {GgmlType::F16, 300}};
        std::vector<std::vector<uint8_t>> weights;
        for (const auto& s : shapes)
            weights.push_back(randomWeightBytes(s.type, s.rows, cols, rng));
        ThreadPool pool(2);
        for (int64_t nTok : {int64_t{1}, int64_t{3}}) {
            std::vector<float> x;
            for (int64_t t = 0; t < nTok; ++t) {
                const auto xt = randomActivations(cols, rng);
                x.insert(x.end(), xt.begin(), xt.end());
            }
            std::vector<std::vector<float>> together, apart;
            std::vector<MatmulPart> parts;
            for (size_t i = 0; i < std::size(shapes); ++i) {
                together.emplace_back(static_cast<size_t>(shapes[i].rows * nTok), -1.0f);
                apart.emplace_back(static_cast<size_t>(shapes[i].rows * nTok));
            }
            for (size_t i = 0; i < std::size(shapes); ++i)
                parts.push_back({WeightView{shapes[i].type, weights[i].data(), shapes[i].rows, cols},
                                 together[i].data()});
            matmulSameInput(parts, x.data(), nTok, &pool);
            for (size_t i = 0; i < std::size(shapes); ++i) {
                matmul(parts[i].w, x.data(), nTok, apart[i].data(), &pool);
                QVERIFY2(together[i] == apart[i], typeName(shapes[i].type));
            }
        }
    }

    void matmulRejectsBadShapes() {
        std::vector<uint8_t> w(144 * 4);
        float x[300] = {}, y[4] = {};
        QVERIFY_THROWS_EXCEPTION(Error,
                                 matmul(WeightView{GgmlType::Q4_K, w.data(), 2, 300}, x, 1, y, nullptr));
        QVERIFY_THROWS_EXCEPTION(
            Error, matmul(WeightView{static_cast<GgmlType>(99), w.data(), 2, 256}, x, 1, y, nullptr));
        QVERIFY_THROWS_EXCEPTION(Error, matmul(WeightView{GgmlType::I32, w.data(), 2, 32}, x, 1, y, nullptr));
        matmul(WeightView{GgmlType::Q4_K, w.data(), 2, 256}, x, 0, y, nullptr); // no tokens: nothing to do
    }

    void poolCoversRangeOnce() {
        ThreadPool pool(3);
        QCOMPARE(pool.size(), 3);
        for (int64_t n : {int64_t{1}, int64_t{2}, int64_t{5}, int64_t{100}, int64_t{1037}, int64_t{100000}}) {
            std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
            std::atomic<int> badIndex{0}, badSplit{0};
            pool.parallelFor(
                n,
                [&](int64_t b, int64_t e, int idx) {
                    if (idx < 0 || idx >= 3) ++badIndex;
                    if (b % 16 != 0) ++badSplit; // chunk starts must be multiples of the grain
                    for (int64_t i = b; i < e; ++i)
                        ++hits[static_cast<size_t>(i)];
                },
                16);
            for (auto& h : hits)
                QCOMPARE(h.load(), 1);
            QCOMPARE(badIndex.load(), 0);
            QCOMPARE(badSplit.load(), 0);
        }
        QCOMPARE(ThreadPool(0).size(), static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    }

    // Each thread works through its own contiguous share in address order (one stream for
    // the hardware prefetchers), and a share whose owner never comes is taken over.
    void poolThreadsReadTheirShareInOrder() {
        ThreadPool pool(2);
        std::mutex mutex;
        std::vector<std::vector<std::pair<int64_t, int64_t>>> pieces(2);
        pool.parallelFor(
            64 * 16,
            [&](int64_t b, int64_t e, int idx) {
                std::this_thread::sleep_for(std::chrono::microseconds(200 * (e - b) / 16));
                std::lock_guard lock(mutex);
                pieces[static_cast<size_t>(idx)].push_back({b, e});
            },
            16);
        // Each thread starts at the front of its own share (a thread takes over only the back
        // of another's): the caller at 0, a worker that joined halfway.
        if (!pieces[0].empty()) QCOMPARE(pieces[0].front().first, int64_t{0});
        if (!pieces[1].empty()) QCOMPARE(pieces[1].front().first, int64_t{32 * 16});
        int64_t covered = 0;
        int jumps = 0;
        for (const auto& own : pieces) {
            for (size_t i = 0; i < own.size(); ++i) {
                covered += own[i].second - own[i].first;
                if (i > 0 && own[i].first != own[i - 1].second) ++jumps;
            }
        }
        QCOMPARE(covered, int64_t{64 * 16});
        // Only a take-over starts a new stream: a few, not one per piece (pieces: 10+).
        QVERIFY2(jumps <= 4, qPrintable(QString::number(jumps) + QStringLiteral(" jumps")));

        // A worker that never runs: the caller alone covers everything, in a few streams.
        std::vector<std::pair<int64_t, int64_t>> alone;
        pool.parallelFor(100, [&](int64_t b, int64_t e, int) {
            pool.parallelFor(1000, [&](int64_t ib, int64_t ie, int) { // nested: inline, one thread
                if (b == 0) alone.push_back({ib, ie});
            });
            (void)e;
        });
        int64_t aloneCovered = 0;
        for (const auto& p : alone)
            aloneCovered += p.second - p.first;
        QCOMPARE(aloneCovered, int64_t{1000});
    }

    void poolPropagatesExceptionsAndNests() {
        ThreadPool pool(2);
        QVERIFY_THROWS_EXCEPTION(Error, pool.parallelFor(64, [](int64_t b, int64_t, int) {
            if (b >= 32) throw Error("chunk failed");
        }));
        // Nested calls run inline on the thread that makes them, with that thread's index.
        std::atomic<int> inner{0}, wrongIndex{0};
        pool.parallelFor(8, [&](int64_t b, int64_t e, int outer) {
            pool.parallelFor(4, [&](int64_t ib, int64_t ie, int idx) {
                if (idx != outer) ++wrongIndex;
                inner += static_cast<int>((ie - ib) * (e - b));
            });
        });
        QCOMPARE(inner.load(), 32);
        QCOMPARE(wrongIndex.load(), 0);
        std::atomic<int> sum{0};
        pool.parallelFor(10, [&](int64_t b, int64_t e, int) { sum += static_cast<int>(e - b); });
        QCOMPARE(sum.load(), 10); // the pool still works after an exception
    }

    // The read bar's loops (read_bandwidth.cpp) must touch every line: each gives the plain
    // sum of the 64-bit words, for odd line counts and unaligned starts too.
    void readLoopsSumEveryLine() {
        std::vector<uint8_t> bytes(64 * 37 + 8);
        std::mt19937 rng(3);
        for (auto& b : bytes)
            b = static_cast<uint8_t>(rng());
        for (const size_t start : {size_t{0}, size_t{8}})
            for (const size_t lines : {size_t{0}, size_t{1}, size_t{3}, size_t{36}}) {
                uint64_t want = 0;
                for (size_t i = 0; i < 64 * lines; i += 8) {
                    uint64_t word;
                    std::memcpy(&word, bytes.data() + start + i, 8);
                    want += word;
                }
                if (cpuHasAvx2()) QCOMPARE(kernels::sumLinesAvx2(bytes.data() + start, lines), want);
                if (cpuHasAvx512Vnni()) QCOMPARE(kernels::sumLinesAvx512(bytes.data() + start, lines), want);
            }
        if (!cpuHasAvx512Vnni()) QSKIP("this CPU has no AVX-512: only the AVX2 read loop was checked");
    }

    void poolDispatchIsCheap() {
        ThreadPool pool(2);
        std::atomic<int64_t> total{0};
        const int n = 5000;
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < n; ++i)
            pool.parallelFor(2, [&](int64_t b, int64_t e, int) { total += e - b; });
        const double us =
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / n;
        QCOMPARE(total.load(), int64_t{2} * n);
        qInfo("thread pool: %.2f µs per dispatch (2 threads; depends on machine load)", us);
    }

    void poolWorkersTakePart() {
        ThreadPool pool(2);
        std::this_thread::sleep_for(std::chrono::milliseconds(5)); // let the worker fall asleep
        // Chunk 0 waits (bounded) for chunk 1 to be done: if the worker never woke up, the caller
        // runs both, the second only after the 5 s wait. (A worker that wakes first may take
        // both: its own share, then the caller's if the caller has not begun it.)
        std::atomic<bool> secondDone{false};
        std::atomic<int> firstIndex{-1}, secondIndex{-1};
        pool.parallelFor(2, [&](int64_t b, int64_t, int idx) {
            if (b == 1) {
                secondIndex = idx;
                secondDone = true;
                return;
            }
            firstIndex = idx;
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            while (!secondDone && std::chrono::steady_clock::now() < deadline)
                std::this_thread::yield();
        });
        QVERIFY(secondIndex.load() >= 0 && firstIndex.load() >= 0);
        QVERIFY(firstIndex.load() == 1 || secondIndex.load() == 1);
    }
};

QTEST_GUILESS_MAIN(TestComputeKernels)
#include "tst_compute_kernels.moc"
