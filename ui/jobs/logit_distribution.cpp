#include "jobs/logit_distribution.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace realm::ui {

void LogitDistribution::setLogits(const QVector<float>& logits) {
    logits_ = logits;
    order_.resize(logits.size());
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) { return logits_[a] > logits_[b]; });
}

LogitDistribution::Shaped LogitDistribution::shape(double temperature, int topK, double topP) const {
    Shaped out;
    const qsizetype n = order_.size();
    if (n == 0) return out;
    // The full curve uses the temperature alone (greedy shows the raw distribution).
    const double t = temperature > 0 ? temperature : 1.0;
    const double top = logits_[order_[0]];
    out.logProbs.resize(n);
    double z = 0;
    for (qsizetype r = 0; r < n; ++r) z += std::exp((logits_[order_[r]] - top) / t);
    const double logZ = std::log(z);
    for (qsizetype r = 0; r < n; ++r) out.logProbs[r] = (logits_[order_[r]] - top) / t - logZ;

    if (temperature <= 0) {
        out.ids = {order_[0]};
        out.probs = {1.0};
        return out;
    }
    qsizetype kept = topK > 0 ? std::min<qsizetype>(topK, n) : n;
    double sum = 0;
    for (qsizetype r = 0; r < kept; ++r) sum += std::exp(out.logProbs[r]);
    if (topP < 1.0) {
        // Smallest prefix whose renormalised mass reaches top-p (at least one token).
        double cum = 0;
        qsizetype r = 0;
        while (r < kept) {
            cum += std::exp(out.logProbs[r]) / sum;
            ++r;
            if (cum >= topP) break;
        }
        kept = r;
        sum = 0;
        for (qsizetype i = 0; i < kept; ++i) sum += std::exp(out.logProbs[i]);
    }
    out.ids.reserve(kept);
    out.probs.reserve(kept);
    for (qsizetype r = 0; r < kept; ++r) {
        const double p = std::exp(out.logProbs[r]) / sum;
        out.ids.push_back(order_[r]);
        out.probs.push_back(p);
        if (p > 0) out.entropyBits -= p * std::log2(p);
    }
    return out;
}

} // namespace realm::ui
