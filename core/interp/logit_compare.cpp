#include "interp/logit_compare.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace realm {

std::vector<int32_t> topTokens(std::span<const float> logits, size_t k) {
    std::vector<int32_t> order(logits.size());
    std::iota(order.begin(), order.end(), 0);
    k = std::min(k, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      [&](int32_t a, int32_t b) {
                          const float la = logits[static_cast<size_t>(a)],
                                      lb = logits[static_cast<size_t>(b)];
                          return la > lb || (la == lb && a < b);
                      });
    order.resize(k);
    return order;
}

namespace {
// log Σ exp(x), stable.
double logSumExp(std::span<const float> x) {
    const double m = *std::max_element(x.begin(), x.end());
    double s = 0;
    for (float v : x)
        s += std::exp(v - m);
    return m + std::log(s);
}
} // namespace

double klDivergence(std::span<const float> p, std::span<const float> q) {
    const double lp = logSumExp(p), lq = logSumExp(q);
    double kl = 0;
    for (size_t i = 0; i < p.size(); ++i) {
        const double logP = p[i] - lp;
        kl += std::exp(logP) * (logP - (q[i] - lq));
    }
    return std::max(0.0, kl);
}

} // namespace realm
