#include "quantlab/kl_divergence.h"

#include <algorithm>
#include <cmath>

namespace realm {

namespace {
// Mean and its standard error from a sum and a sum of squares (llama.cpp reports no error
// for ten values or fewer).
ValueWithError meanWithError(double sum, double sum2, int64_t count) {
    if (count < 1) return {};
    const double n = static_cast<double>(count);
    const double mean = sum / n;
    const double variance = sum2 / n - mean * mean;
    return {mean, variance > 0 && count > 10 ? std::sqrt(variance / (n - 1)) : 0.0};
}

double covariance(double sumA, double sumB, double sumAB, int64_t count) {
    if (count < 10) return 0;
    const double n = static_cast<double>(count);
    return (sumAB / n - (sumA / n) * (sumB / n)) / (n - 1);
}

// Linear interpolation between the sorted values around fraction·(n−1).
double percentile(const std::vector<float>& sorted, double fraction) {
    if (fraction <= 0) return sorted.front();
    if (fraction >= 1) return sorted.back();
    const double p = fraction * static_cast<double>(sorted.size() - 1);
    const auto i = static_cast<size_t>(p);
    const double f = p - static_cast<double>(i);
    return (1 - f) * sorted[i] + f * sorted[std::min(i + 1, sorted.size() - 1)];
}

double median(const std::vector<float>& sorted) {
    const size_t n = sorted.size();
    return n % 2 == 0 ? 0.5 * (sorted[n / 2] + sorted[n / 2 - 1]) : sorted[n / 2];
}

Spread spread(std::vector<float> values) {
    std::sort(values.begin(), values.end());
    const auto at = [&](double fraction) { return percentile(values, fraction); };
    return {values.front(), at(0.001), at(0.01), at(0.05), at(0.10),  at(0.25),     median(values),
            at(0.75),       at(0.90),  at(0.95), at(0.99), at(0.999), values.back()};
}

ValueWithError sameTopFraction(const KlSums& s) {
    const double n = static_cast<double>(s.count);
    const double p = s.count > 0 ? static_cast<double>(s.sameTop) / n : 0;
    return {p, s.count > 1 ? std::sqrt(p * (1 - p) / (n - 1)) : 0.0};
}

ValueWithError rmsDeltaP(const KlSums& s) {
    const ValueWithError mse = meanWithError(s.pDiff2, s.pDiff4, s.count);
    const double rms = std::sqrt(mse.value);
    return {rms, rms > 0 ? 0.5 / rms * mse.uncertainty : 0.0};
}

ValueWithError lnRatio(const KlSums& s) {
    const ValueWithError test = meanWithError(s.nll, s.nll2, s.count);
    const ValueWithError base = meanWithError(s.nllBase, s.nllBase2, s.count);
    const double cov = covariance(s.nll, s.nllBase, s.nllNllBase, s.count);
    const double var = test.uncertainty * test.uncertainty + base.uncertainty * base.uncertainty - 2 * cov;
    return {test.value - base.value, std::sqrt(std::max(0.0, var))};
}

ValueWithError exponential(const ValueWithError& logValue) {
    const double v = std::exp(logValue.value);
    return {v, v * logValue.uncertainty};
}
} // namespace

KlChunk runningKl(int64_t chunk, const KlSums& s) {
    KlChunk c;
    c.chunk = chunk;
    c.pplTest = exponential(meanWithError(s.nll, s.nll2, s.count));
    c.lnPplRatio = lnRatio(s);
    c.klMean = meanWithError(s.kl, s.kl2, s.count);
    c.deltaPRms = rmsDeltaP(s);
    c.sameTop = sameTopFraction(s);
    return c;
}

KlSummary summarizeKl(const KlSums& s, std::span<const TokenDamage> tokens) {
    KlSummary r;
    r.tokens = s.count;
    if (tokens.empty()) return r;
    const ValueWithError logTest = meanWithError(s.nll, s.nll2, s.count);
    const ValueWithError logBase = meanWithError(s.nllBase, s.nllBase2, s.count);
    r.pplTest = exponential(logTest);
    r.pplReference = exponential(logBase);
    const double cov = covariance(s.nll, s.nllBase, s.nllNllBase, s.count);
    const double denominator = logTest.uncertainty * logBase.uncertainty;
    r.lnPplCorrelation = denominator > 0 ? cov / denominator : 0;
    r.lnPplRatio = lnRatio(s);
    r.pplRatio = exponential(r.lnPplRatio);
    const double pplCov = r.pplTest.value * r.pplReference.value * cov;
    r.pplDifference = {
        r.pplTest.value - r.pplReference.value,
        std::sqrt(std::max(0.0, r.pplTest.uncertainty * r.pplTest.uncertainty +
                                    r.pplReference.uncertainty * r.pplReference.uncertainty - 2 * pplCov))};

    std::vector<float> kl, dp;
    kl.reserve(tokens.size());
    dp.reserve(tokens.size());
    for (const TokenDamage& t : tokens) {
        kl.push_back(t.kl);
        dp.push_back(t.deltaP);
    }
    r.klMean = meanWithError(s.kl, s.kl2, s.count);
    r.kl = spread(std::move(kl));
    r.deltaPMean = meanWithError(s.pDiff, s.pDiff2, s.count);
    r.deltaP = spread(std::move(dp));
    r.deltaPRms = rmsDeltaP(s);
    r.sameTop = sameTopFraction(s);
    return r;
}

} // namespace realm
