// The pieces other architectures add to the forward pass (GELU-tanh, soft-capping, RoPE
// frequency factors and YaRN, sliding-window attention, post-norms, embedding scale), each
// against straightforward double-precision code written from llama.cpp's definitions.
#include "compute/vec.h"
#include "gguf/gguf_writer.h"
#include "model/model.h"
#include "quant/float_formats.h"
#include "runtime/ops.h"
#include "runtime/session.h"
#include "util/error.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <cmath>
#include <random>

using namespace realm;

namespace {
double geluTanh(double x) {
    return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x)));
}

// ggml's rope_yarn, in double: θ_extrap = pos·base^(−2i/n)/factor_i, θ_interp = scale·θ_extrap,
// ramp over [low, high] pairs, magnitude on cos and sin.
void referenceAngles(std::vector<double>& cs, int64_t pos, int64_t nRot, const RopeParams& p,
                     const float* factors) {
    cs.assign(static_cast<size_t>(nRot), 0.0);
    for (int64_t i = 0; i < nRot / 2; ++i) {
        const double ext = double(pos) * std::pow(p.freqBase, -2.0 * double(i) / double(nRot)) /
                           (factors ? factors[i] : 1.0);
        double theta = p.freqScale * ext;
        if (p.extFactor != 0) {
            const double y = (double(i) - p.corrLow) / std::max(0.001, p.corrHigh - p.corrLow);
            const double ramp = 1.0 - std::clamp(y, 0.0, 1.0);
            theta = theta * (1 - ramp * p.extFactor) + ext * ramp * p.extFactor;
        }
        cs[size_t(2 * i)] = std::cos(theta) * p.magnitude;
        cs[size_t(2 * i + 1)] = std::sin(theta) * p.magnitude;
    }
}

// A tiny gemma3 model with random F32 weights, and the same graph in double precision.
struct TinyGemma3 {
    static constexpr int64_t E = 32, F = 48, L = 2, H = 2, HKV = 1, D = 16, V = 40, Window = 3;
    std::mt19937 rng{7};
    std::map<std::string, std::vector<float>> w;

    std::vector<float>& make(const std::string& name, size_t n, double sd, double mean = 0) {
        std::normal_distribution<double> nd(mean, sd);
        auto& v = w[name];
        v.resize(n);
        for (auto& x : v)
            x = float(nd(rng));
        return v;
    }
    void write(const std::string& path) {
        GgufWriter g;
        g.addString("general.architecture", "gemma3");
        g.addUInt32("gemma3.context_length", 64);
        g.addUInt32("gemma3.embedding_length", E);
        g.addUInt32("gemma3.feed_forward_length", F);
        g.addUInt32("gemma3.block_count", L);
        g.addUInt32("gemma3.attention.head_count", H);
        g.addUInt32("gemma3.attention.head_count_kv", HKV);
        g.addUInt32("gemma3.attention.key_length", D);
        g.addUInt32("gemma3.attention.value_length", D);
        g.addFloat32("gemma3.rope.freq_base", 1000000.0f);
        g.addFloat32("gemma3.attention.layer_norm_rms_epsilon", 1e-6f);
        g.addUInt32("gemma3.attention.sliding_window", Window);
        g.addUInt32("gemma3.attention.sliding_window_pattern", 2);
        g.addFloat32("gemma3.final_logit_softcapping", 5.0f);
        g.addUInt32("gemma3.vocab_size", V);
        const auto add = [&](const std::string& name, std::vector<int64_t> ne, size_t n, double sd,
                             double mean = 0) {
            auto& v = make(name, n, sd, mean);
            g.addTensor(name, GgmlType::F32, ne, v.data(), v.size() * 4);
        };
        add("token_embd.weight", {E, V}, E * V, 0.3);
        add("output_norm.weight", {E}, E, 0.05, 1.0);
        for (int l = 0; l < L; ++l) {
            const std::string p = "blk." + std::to_string(l) + ".";
            add(p + "attn_norm.weight", {E}, E, 0.05, 1.0);
            add(p + "attn_q.weight", {E, H * D}, E * H * D, 1.2 / std::sqrt(E));
            add(p + "attn_k.weight", {E, HKV * D}, E * HKV * D, 1.2 / std::sqrt(E));
            add(p + "attn_v.weight", {E, HKV * D}, E * HKV * D, 1.0 / std::sqrt(E));
            add(p + "attn_output.weight", {H * D, E}, H * D * E, 1.0 / std::sqrt(H * D));
            add(p + "attn_q_norm.weight", {D}, D, 0.05, 1.0);
            add(p + "attn_k_norm.weight", {D}, D, 0.05, 1.0);
            add(p + "post_attention_norm.weight", {E}, E, 0.05, 1.0);
            add(p + "ffn_norm.weight", {E}, E, 0.05, 1.0);
            add(p + "ffn_gate.weight", {E, F}, E * F, 1.0 / std::sqrt(E));
            add(p + "ffn_up.weight", {E, F}, E * F, 1.0 / std::sqrt(E));
            add(p + "ffn_down.weight", {F, E}, F * E, 1.0 / std::sqrt(F));
            add(p + "post_ffw_norm.weight", {E}, E, 0.05, 1.0);
        }
        g.write(path);
    }

    using Vec = std::vector<double>;
    Vec rms(const Vec& x, const std::vector<float>& wt, size_t off, size_t n) const {
        Vec o(n);
        double ss = 0;
        for (size_t i = 0; i < n; ++i)
            ss += x[off + i] * x[off + i];
        const double s = 1.0 / std::sqrt(ss / double(n) + 1e-6);
        for (size_t i = 0; i < n; ++i)
            o[i] = x[off + i] * s * wt[i];
        return o;
    }
    Vec mv(const std::string& name, const Vec& x, int64_t rows) const {
        const auto& m = w.at(name);
        const size_t cols = x.size();
        Vec y(size_t(rows), 0.0);
        for (size_t r = 0; r < size_t(rows); ++r)
            for (size_t c = 0; c < cols; ++c)
                y[r] += double(m[r * cols + c]) * x[c];
        return y;
    }
    // NEOX rope of one head in place.
    static void rope(double* v, int64_t pos, double base) {
        for (int64_t i = 0; i < D / 2; ++i) {
            const double th = double(pos) * std::pow(base, -2.0 * double(i) / double(D));
            const double a = v[i], b = v[i + D / 2];
            v[i] = a * std::cos(th) - b * std::sin(th);
            v[i + D / 2] = a * std::sin(th) + b * std::cos(th);
        }
    }
    // All-position logits of `tokens`.
    std::vector<Vec> forward(const std::vector<int32_t>& tokens) const {
        const size_t n = tokens.size();
        std::vector<Vec> x(n);
        for (size_t t = 0; t < n; ++t) {
            x[t].resize(E);
            for (int64_t i = 0; i < E; ++i)
                x[t][size_t(i)] = w.at("token_embd.weight")[size_t(tokens[t] * E + i)] * std::sqrt(float(E));
        }
        for (int l = 0; l < L; ++l) {
            const std::string p = "blk." + std::to_string(l) + ".";
            const bool swa = l % 2 == 0; // pattern 2: the last layer of each pair is global
            const double base = swa ? 10000.0 : 1000000.0;
            std::vector<Vec> q(n), k(n), v(n);
            for (size_t t = 0; t < n; ++t) {
                const Vec h = rms(x[t], w.at(p + "attn_norm.weight"), 0, E);
                q[t] = mv(p + "attn_q.weight", h, H * D);
                k[t] = mv(p + "attn_k.weight", h, HKV * D);
                v[t] = mv(p + "attn_v.weight", h, HKV * D);
                for (int64_t hh = 0; hh < H; ++hh) {
                    Vec qn = rms(q[t], w.at(p + "attn_q_norm.weight"), size_t(hh * D), D);
                    std::copy(qn.begin(), qn.end(), q[t].begin() + hh * D);
                    rope(q[t].data() + hh * D, int64_t(t), base);
                }
                Vec kn = rms(k[t], w.at(p + "attn_k_norm.weight"), 0, D);
                std::copy(kn.begin(), kn.end(), k[t].begin());
                rope(k[t].data(), int64_t(t), base);
            }
            for (size_t t = 0; t < n; ++t) {
                Vec att(H * D, 0.0);
                for (int64_t hh = 0; hh < H; ++hh) {
                    const size_t k0 = swa && t + 1 > size_t(Window) ? t + 1 - size_t(Window) : 0;
                    Vec s;
                    for (size_t j = k0; j <= t; ++j) {
                        double d = 0;
                        for (int64_t i = 0; i < D; ++i)
                            d += q[t][size_t(hh * D + i)] * k[j][size_t(i)];
                        s.push_back(d / std::sqrt(double(D)));
                    }
                    const double mx = *std::max_element(s.begin(), s.end());
                    double z = 0;
                    for (auto& e : s)
                        z += (e = std::exp(e - mx));
                    for (size_t j = k0; j <= t; ++j)
                        for (int64_t i = 0; i < D; ++i)
                            att[size_t(hh * D + i)] += s[j - k0] / z * v[j][size_t(i)];
                }
                const Vec o =
                    rms(mv(p + "attn_output.weight", att, E), w.at(p + "post_attention_norm.weight"), 0, E);
                for (size_t i = 0; i < size_t(E); ++i)
                    x[t][i] += o[i];
                const Vec h = rms(x[t], w.at(p + "ffn_norm.weight"), 0, E);
                Vec g = mv(p + "ffn_gate.weight", h, F);
                const Vec u = mv(p + "ffn_up.weight", h, F);
                for (size_t i = 0; i < size_t(F); ++i)
                    g[i] = geluTanh(g[i]) * u[i]; // exact: the f16 table is tested above
                const Vec dn = rms(mv(p + "ffn_down.weight", g, E), w.at(p + "post_ffw_norm.weight"), 0, E);
                for (size_t i = 0; i < size_t(E); ++i)
                    x[t][i] += dn[i];
            }
        }
        std::vector<Vec> out(n);
        for (size_t t = 0; t < n; ++t) {
            out[t] = mv("token_embd.weight", rms(x[t], w.at("output_norm.weight"), 0, E), V);
            for (auto& z : out[t])
                z = 5.0 * std::tanh(z / 5.0);
        }
        return out;
    }
};
} // namespace

class TestEngineArchOps : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void geluTanhMatchesDouble();
    void softcapMatchesDouble();
    void ropeAnglesDefaultIsPlainRope();
    void ropeAnglesFactorsAndYarn();
    void gemma3MatchesDoubleReference();
    void gemma3SlidingWindowMasksOldKeys();
};

void TestEngineArchOps::geluTanhMatchesDouble() {
    std::vector<float> g, u;
    for (double x = -12; x <= 12; x += 0.01) {
        g.push_back(float(x));
        u.push_back(float(0.5 + 0.1 * x));
    }
    std::vector<float> out = g;
    ops::gatedActivation(Activation::GeluTanh, out.data(), u.data(), int64_t(out.size()));
    for (size_t i = 0; i < g.size(); ++i) {
        const double exact = geluTanh(g[i]) * u[i];
        // ggml's f16 table: gelu of x rounded to f16, rounded to f16 (exact outside ±10).
        double ref = exact;
        if (g[i] <= -10.0f)
            ref = 0;
        else if (g[i] < 10.0f) {
            uint16_t hx, hg;
            floatsToHalves(&g[i], &hx, 1);
            const float gx = float(geluTanh(halfToFloat(hx)));
            floatsToHalves(&gx, &hg, 1);
            ref = double(halfToFloat(hg)) * u[i];
        }
        QVERIFY2(std::abs(out[i] - ref) <= 1e-3 * std::abs(ref) + 1e-7, qPrintable(QString::number(g[i])));
        QVERIFY2(std::abs(out[i] - exact) <= 4e-3 * std::abs(exact) + 1e-3,
                 qPrintable(QString::number(g[i])));
    }
    // The known values: gelu(0) = 0, gelu(1) ≈ 0.841192 (tanh form; f16 keeps 3 digits).
    float a[2] = {0.0f, 1.0f}, one[2] = {1.0f, 1.0f};
    ops::geluMul(a, one, 2);
    QCOMPARE(a[0], 0.0f);
    QVERIFY(std::abs(a[1] - 0.8411920) < 5e-4);
    QVERIFY(std::abs(ops::geluTanh(1.0f) - 0.8411920) < 1e-6);
}

void TestEngineArchOps::softcapMatchesDouble() {
    std::vector<float> x;
    for (double v = -200; v <= 200; v += 0.37)
        x.push_back(float(v));
    std::vector<float> y = x;
    ops::softcap(y.data(), int64_t(y.size()), 30.0f);
    for (size_t i = 0; i < x.size(); ++i) {
        const double ref = 30.0 * std::tanh(double(x[i]) / 30.0);
        QVERIFY(std::abs(y[i] - ref) <= 1e-5);
        QVERIFY(std::abs(y[i]) <= 30.0f);
    }
}

void TestEngineArchOps::ropeAnglesDefaultIsPlainRope() {
    const int64_t nRot = 64;
    std::vector<float> a(nRot), b(nRot);
    RopeParams p;
    p.freqBase = 500000.0;
    p.freqScale = 0.25;
    for (int64_t pos : {0, 1, 17, 4000}) {
        ops::ropeAngles(a.data(), pos, nRot, p.freqBase, p.freqScale);
        ops::ropeAngles(b.data(), pos, nRot, p, nullptr);
        for (int64_t i = 0; i < nRot; ++i)
            QCOMPARE(a[size_t(i)], b[size_t(i)]);
    }
}

void TestEngineArchOps::ropeAnglesFactorsAndYarn() {
    const int64_t nRot = 64;
    // Llama-3.1-style factors: 1 for high frequencies, 8 for low, smooth in between.
    std::vector<float> factors(nRot / 2);
    for (int64_t i = 0; i < nRot / 2; ++i)
        factors[size_t(i)] = float(1.0 + 7.0 * double(i) / double(nRot / 2 - 1));
    RopeParams p;
    p.freqBase = 500000.0;
    std::vector<float> got(nRot);
    std::vector<double> ref;
    for (int64_t pos : {0, 3, 100, 9000}) {
        ops::ropeAngles(got.data(), pos, nRot, p, factors.data());
        referenceAngles(ref, pos, nRot, p, factors.data());
        for (int64_t i = 0; i < nRot; ++i)
            QVERIFY(std::abs(got[size_t(i)] - ref[size_t(i)]) < 2e-6);
    }
    // YaRN: factor 4, ramp from pair 10 to 20, magnitude 1 + 0.1·ln 4.
    p.freqScale = 0.25;
    p.extFactor = 1.0;
    p.corrLow = 10;
    p.corrHigh = 20;
    p.magnitude = 1.0 + 0.1 * std::log(4.0);
    for (int64_t pos : {1, 50, 3000}) {
        ops::ropeAngles(got.data(), pos, nRot, p, nullptr);
        referenceAngles(ref, pos, nRot, p, nullptr);
        for (int64_t i = 0; i < nRot; ++i)
            QVERIFY(std::abs(got[size_t(i)] - ref[size_t(i)]) < 2e-6);
    }
    // Below the ramp the angle is the extrapolated (unscaled) one, above it the interpolated one.
    ops::ropeAngles(got.data(), 1000, nRot, p, nullptr);
    QVERIFY(std::abs(got[1] / p.magnitude - std::sin(1000.0)) < 1e-5);
    const double lastTheta = 1000.0 * std::pow(p.freqBase, -2.0 * 31 / 64.0) * 0.25;
    QVERIFY(std::abs(got[63] / p.magnitude - std::sin(lastTheta)) < 1e-5);
}

void TestEngineArchOps::gemma3MatchesDoubleReference() {
    const std::string path =
        QString(QDir::tempPath() +
                QStringLiteral("/engine-arch-gemma3-%1.gguf").arg(QCoreApplication::applicationPid()))
            .toStdString();
    TinyGemma3 g;
    g.write(path);
    auto model = Model::load(path);
    const HParams& hp = model->hparams();
    QCOMPARE(hp.act, Activation::GeluTanh);
    QCOMPARE(hp.slidingWindow, int64_t(3));
    QVERIFY(hp.isSwa(0) && !hp.isSwa(1));
    QCOMPARE(hp.ropeSwa.freqBase, 10000.0);
    QCOMPARE(hp.rope.freqBase, 1000000.0);
    QVERIFY(model->tiedOutput());

    const std::vector<int32_t> tokens{1, 5, 9, 30, 2, 17, 39, 0};
    SessionOptions opt;
    opt.kvType = KvType::F32;
    Session s(model, opt);
    const std::vector<float> got = s.evaluate(tokens, true);
    const auto ref = g.forward(tokens);
    double maxErr = 0;
    for (size_t t = 0; t < tokens.size(); ++t)
        for (int64_t i = 0; i < TinyGemma3::V; ++i)
            maxErr =
                std::max(maxErr, std::abs(double(got[t * TinyGemma3::V + size_t(i)]) - ref[t][size_t(i)]));
    // The engine's GELU is ggml's f16 table (≈5e-4 relative), the reference exact.
    QVERIFY2(maxErr < 3e-3, qPrintable(QString::number(maxErr)));

    // Decoding one token at a time gives the reference's last logits too (window applied per
    // position). Within the same bound, not the prompt's bits: prompts go through the tile
    // kernels, which sum in another order, and the f16 GELU table turns a last-bit difference
    // of its input into a step of up to one f16 ulp.
    Session d(model, opt);
    std::vector<float> last;
    for (int32_t t : tokens)
        last = d.evaluate(std::span<const int32_t>(&t, 1));
    double maxDecodeErr = 0;
    for (int64_t i = 0; i < TinyGemma3::V; ++i)
        maxDecodeErr = std::max(maxDecodeErr, std::abs(double(last[size_t(i)]) - ref.back()[size_t(i)]));
    QVERIFY2(maxDecodeErr < 3e-3, qPrintable(QString::number(maxDecodeErr)));
    QFile::remove(QString::fromStdString(path));
}

void TestEngineArchOps::gemma3SlidingWindowMasksOldKeys() {
    const std::string path =
        QString(QDir::tempPath() +
                QStringLiteral("/engine-arch-gemma3w-%1.gguf").arg(QCoreApplication::applicationPid()))
            .toStdString();
    TinyGemma3 g;
    g.write(path);
    auto model = Model::load(path);
    Session s(model);
    const std::vector<int32_t> tokens{3, 4, 5, 6, 7, 8};
    std::vector<float> hidden = s.embed(tokens);
    std::vector<int32_t> pos{0, 1, 2, 3, 4, 5};
    LayerCapture swa, global;
    s.forwardLayer(0, hidden, pos, &swa);
    s.forwardLayer(1, hidden, pos, &global);
    const int64_t n = 6, H = TinyGemma3::H;
    QCOMPARE(swa.nKeys, n);
    QVERIFY(!swa.attnPost.empty() && !swa.ffnPost.empty());
    for (int64_t h = 0; h < H; ++h)
        for (int64_t t = 0; t < n; ++t) {
            double sumSwa = 0, sumGlobal = 0;
            for (int64_t j = 0; j < n; ++j) {
                const float ps = swa.attnProbs[size_t((h * n + t) * n + j)];
                const float pg = global.attnProbs[size_t((h * n + t) * n + j)];
                const bool visibleSwa = j <= t && t - j < TinyGemma3::Window;
                if (!visibleSwa)
                    QCOMPARE(ps, 0.0f);
                else
                    QVERIFY(ps > 0.0f);
                if (j > t)
                    QCOMPARE(pg, 0.0f);
                else
                    QVERIFY(pg > 0.0f);
                sumSwa += ps;
                sumGlobal += pg;
            }
            QVERIFY(std::abs(sumSwa - 1) < 1e-5 && std::abs(sumGlobal - 1) < 1e-5);
        }
    QFile::remove(QString::fromStdString(path));
}

QTEST_GUILESS_MAIN(TestEngineArchOps)
#include "tst_engine_arch_ops.moc"
