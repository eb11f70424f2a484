#pragma once
#include "runtime/sampler_settings.h"

#include <QVector>

#include <array>
#include <vector>

namespace realm::ui {

// Next-token probabilities shaped by the core sampler chain (realm::samplerStages), adapted
// to Qt containers for the logits page. The logits are ranked once when set; every reshape
// is O(n_vocab).
class LogitDistribution {
  public:
    void setLogits(const QVector<float>& logits);
    bool isEmpty() const { return logits_.isEmpty(); }
    int vocabSize() const { return int(logits_.size()); }
    const QVector<float>& logits() const { return logits_; }
    QVector<int> order() const {
        return {ranked_.begin(), ranked_.end()};
    } // ids by logit, highest first (ties: lower id)

    struct Shaped {
        QVector<int> ids;         // the tokens the sampler draws from, most likely first
        QVector<double> probs;    // their renormalised probabilities
        QVector<double> logProbs; // natural log-probability of every token by rank, temperature applied,
                                  // before truncation
        double entropyBits = 0;   // of the kept distribution
        std::array<qsizetype, 4> kept{}; // tokens left after temperature, top-k, top-p, min-p
    };
    Shaped shape(const SamplerSettings& settings) const;

  private:
    QVector<float> logits_;
    std::vector<int32_t> ranked_;
};

} // namespace realm::ui
