#include "jobs/logit_distribution.h"

#include "runtime/sampler.h"

namespace realm::ui {

void LogitDistribution::setLogits(const QVector<float>& logits) {
    logits_ = logits;
    ranked_ = rankByLogit(logits_.constData(), logits_.size());
}

LogitDistribution::Shaped LogitDistribution::shape(const SamplerSettings& settings) const {
    const SamplerStages stages = samplerStages(logits_.constData(), ranked_, settings);
    Shaped out;
    out.logProbs = QVector<double>(stages.logProbs.begin(), stages.logProbs.end());
    const std::vector<double> probs = stages.probabilities(SamplerStage::MinP);
    out.probs = QVector<double>(probs.begin(), probs.end());
    out.ids =
        QVector<int>(stages.ids.begin(), stages.ids.begin() + static_cast<std::ptrdiff_t>(probs.size()));
    out.entropyBits = stages.entropyBits;
    for (size_t s = 0; s < out.kept.size(); ++s)
        out.kept[s] = static_cast<qsizetype>(stages.kept[s]);
    return out;
}

} // namespace realm::ui
