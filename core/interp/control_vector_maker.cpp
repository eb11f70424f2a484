#include "interp/control_vector_maker.h"

#include "gguf/gguf_file.h"
#include "interp/activation_export.h"
#include "runtime/session.h"
#include "util/error.h"

#include <cmath>

namespace realm {

ControlVector makeControlVector(Session& session, const std::vector<PromptPair>& pairs, int32_t padToken) {
    const HParams& hp = session.hparams();
    const int64_t E = hp.nEmbd, layers = hp.nLayer - 1;
    if (pairs.empty()) throw Error("a control vector needs at least one pair of prompts");
    if (layers < 1) throw Error("a control vector needs a model with at least two layers");
    std::vector<std::vector<float>> sum(static_cast<size_t>(layers),
                                        std::vector<float>(static_cast<size_t>(E)));
    std::vector<int64_t> rows(static_cast<size_t>(layers), 0);
    for (const PromptPair& pair : pairs) {
        const size_t n = std::max(pair.positive.size(), pair.negative.size());
        if (std::min(pair.positive.size(), pair.negative.size()) == 0)
            throw Error("a prompt of a control-vector pair has no tokens");
        std::vector<int32_t> pos = pair.positive, neg = pair.negative;
        pos.resize(n, padToken);
        neg.resize(n, padToken);
        const auto a = recordActivations(session, pos, {HookSite::Residual}, 0, layers - 1);
        const auto b = recordActivations(session, neg, {HookSite::Residual}, 0, layers - 1);
        for (int64_t l = 0; l < layers; ++l) {
            const float* pa = a[static_cast<size_t>(l)].values.data();
            const float* pb = b[static_cast<size_t>(l)].values.data();
            std::vector<float>& acc = sum[static_cast<size_t>(l)];
            for (size_t t = 0; t < n; ++t) {
                bool kept = false;
                for (int64_t i = 0; i < E && !kept; ++i)
                    kept = pa[t * E + i] - pb[t * E + i] > 1e-6f;
                if (!kept) continue;
                for (int64_t i = 0; i < E; ++i)
                    acc[static_cast<size_t>(i)] += pa[t * E + i] - pb[t * E + i];
                ++rows[static_cast<size_t>(l)];
            }
        }
    }
    ControlVector cv;
    cv.nEmbd = E;
    cv.modelHint = session.model().file().architecture();
    cv.directions.resize(static_cast<size_t>(layers) + 1);
    for (int64_t l = 0; l < layers; ++l) {
        if (rows[static_cast<size_t>(l)] == 0)
            throw Error("the positive and negative prompts give the same residual in layer " +
                        std::to_string(l));
        std::vector<float> d = sum[static_cast<size_t>(l)];
        float norm = 0.0f;
        for (float& v : d) {
            v /= static_cast<float>(rows[static_cast<size_t>(l)]);
            norm += v * v;
        }
        norm = std::sqrt(norm);
        for (float& v : d)
            v /= norm;
        cv.directions[static_cast<size_t>(l) + 1] = std::move(d);
    }
    return cv;
}

} // namespace realm
