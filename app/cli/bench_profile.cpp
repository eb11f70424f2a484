#include "bench_profile.h"

#include "model/model.h"

#include <cstdio>
#include <string>

namespace realm::cli {

uint64_t DecodeWeights::total() const {
    uint64_t t = 0;
    for (uint64_t b : bytes)
        t += b;
    return t;
}

DecodeWeights decodeWeights(const Model& model) {
    DecodeWeights d;
    auto add = [&d](OpKind kind, const WeightView& w) {
        if (!w.data) return;
        const uint64_t bytes = static_cast<uint64_t>(rowBytes(w.type, w.cols) * w.rows);
        d.bytes[static_cast<size_t>(kind)] += bytes;
        d.ranges.push_back({static_cast<const uint8_t*>(w.data), static_cast<size_t>(bytes)});
    };
    for (int64_t i = 0; i < model.layerCount(); ++i) {
        const LayerWeights& l = model.layer(i);
        add(OpKind::AttnQ, l.wq);
        add(OpKind::AttnK, l.wk);
        add(OpKind::AttnV, l.wv);
        add(OpKind::AttnOutput, l.wo);
        add(OpKind::FfnGate, l.gate);
        add(OpKind::FfnUp, l.up);
        add(OpKind::FfnDown, l.down);
    }
    add(OpKind::Output, model.output());
    return d;
}

namespace {
double gbPerSecond(uint64_t bytes, double seconds) {
    return seconds > 0 ? static_cast<double>(bytes) / seconds / 1e9 : 0;
}
} // namespace

void printProfile(const OpProfile& p, int64_t tokens, double wallSeconds, const DecodeWeights& w) {
    const double perToken = 1e3 / static_cast<double>(tokens);
    std::printf("\ndecode profile (%lld tokens, per token):\n", static_cast<long long>(tokens));
    std::printf("  %-12s %9s %7s %12s\n", "op", "ms", "share", "weights GB/s");
    for (size_t k = 0; k < kOpKinds; ++k) {
        const double s = p.seconds[k];
        const std::string name(opKindName(static_cast<OpKind>(k)));
        if (w.bytes[k] > 0)
            std::printf("  %-12s %9.3f %6.1f%% %12.1f\n", name.c_str(), s * perToken, 100 * s / wallSeconds,
                        gbPerSecond(w.bytes[k] * static_cast<uint64_t>(tokens), s));
        else
            std::printf("  %-12s %9.3f %6.1f%%\n", name.c_str(), s * perToken, 100 * s / wallSeconds);
    }
    std::printf("  %-12s %9.3f %6.1f%% %12.1f  (wall clock %.3f ms)\n", "total", p.total() * perToken,
                100 * p.total() / wallSeconds,
                gbPerSecond(w.total() * static_cast<uint64_t>(tokens), wallSeconds), wallSeconds * perToken);
}

nlohmann::json profileJson(const OpProfile& p, int64_t tokens, double wallSeconds, const DecodeWeights& w) {
    const double perToken = 1e3 / static_cast<double>(tokens);
    nlohmann::json ms = nlohmann::json::object(), gbps = nlohmann::json::object();
    for (size_t k = 0; k < kOpKinds; ++k) {
        const std::string name(opKindName(static_cast<OpKind>(k)));
        ms[name] = p.seconds[k] * perToken;
        if (w.bytes[k] > 0)
            gbps[name] = gbPerSecond(w.bytes[k] * static_cast<uint64_t>(tokens), p.seconds[k]);
    }
    return {{"tokens", tokens},
            {"wall_ms_per_token", wallSeconds * perToken},
            {"total_ms_per_token", p.total() * perToken},
            {"ms_per_token", ms},
            {"weights_gb_per_s", gbps}};
}

} // namespace realm::cli
