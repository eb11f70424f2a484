#pragma once
#include <QVector>

namespace realm::ui {

// Next-token probabilities reshaped like the sampler chain (top-k → softmax with temperature →
// top-p), for showing. The logits are sorted once when set; every reshape is O(n_vocab).
class LogitDistribution {
public:
    void setLogits(const QVector<float>& logits);
    bool isEmpty() const { return logits_.isEmpty(); }
    int vocabSize() const { return int(logits_.size()); }
    const QVector<float>& logits() const { return logits_; }
    const QVector<int>& order() const { return order_; } // ids by logit, highest first (ties: lower id)

    struct Shaped {
        QVector<int> ids;          // the kept tokens, most likely first
        QVector<double> probs;     // their renormalised probabilities
        QVector<double> logProbs;  // natural log-probability of every token by rank, temperature applied, before truncation
        double entropyBits = 0;    // of the kept distribution
    };
    // temperature <= 0: greedy (one token, p = 1). topK <= 0: off. topP >= 1: off.
    Shaped shape(double temperature, int topK, double topP) const;

private:
    QVector<float> logits_;
    QVector<int> order_;
};

} // namespace realm::ui
