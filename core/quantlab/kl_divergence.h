#pragma once
#include "quantlab/text_chunks.h"
#include "runtime/session_options.h"
#include "util/job_control.h"

#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace realm {

class Model;

// What a test model does to one scored token, against the reference model.
struct TokenDamage {
    int32_t token = 0;                     // the text's next token (what the position predicts)
    float kl = 0;                          // KL(reference ‖ test) of the two next-token distributions, nats
    float deltaP = 0;                      // p_test(token) − p_reference(token), llama.cpp's Δp
    bool sameTop = false;                  // both models' most likely token is the same
    int32_t referenceTop = 0, testTop = 0; // each model's most likely token
    float deltaPTop = 0;                   // p_test(referenceTop) − p_reference(referenceTop)
    float nll = 0, nllReference = 0;
};

// The per-token figures of one scored position: `reference` and `test` are the two models'
// logits there, `token` the text's next token.
TokenDamage compareNextToken(std::span<const float> reference, std::span<const float> test, int32_t token);

// Running sums over scored tokens, the ones llama-perplexity --kl-divergence keeps.
struct KlSums {
    double nll = 0, nll2 = 0, nllBase = 0, nllBase2 = 0, nllNllBase = 0;
    double kl = 0, kl2 = 0, pDiff = 0, pDiff2 = 0, pDiff4 = 0;
    int64_t sameTop = 0, count = 0;
    void add(const TokenDamage& t);
};

struct ValueWithError {
    double value = 0, uncertainty = 0;
};

// Where the values of a per-token figure lie: llama.cpp's percentiles (linear interpolation
// between sorted values at fraction·(n−1)) and its median (the middle value or the mean of two).
struct Spread {
    double min = 0, p0_1 = 0, p1 = 0, p5 = 0, p10 = 0, p25 = 0, median = 0, p75 = 0, p90 = 0, p95 = 0,
           p99 = 0, p99_9 = 0, max = 0;
};

// The figures llama-perplexity --kl-divergence prints, defined as it defines them (uncertainties
// are standard errors of the mean).
struct KlSummary {
    int64_t tokens = 0;
    ValueWithError pplTest, pplReference, lnPplRatio, pplRatio, pplDifference;
    double lnPplCorrelation = 0;
    ValueWithError klMean, deltaPMean, deltaPRms, sameTop; // Δp and same top as fractions
    Spread kl, deltaP;
};
KlSummary summarizeKl(const KlSums& sums, std::span<const TokenDamage> tokens);

// The running figures llama-perplexity prints after each chunk.
struct KlChunk {
    int64_t chunk = 0;
    ValueWithError pplTest, lnPplRatio, klMean, deltaPRms, sameTop;
};
KlChunk runningKl(int64_t chunk, const KlSums& sums);

struct KlReport {
    int64_t contextLength = 0, textTokens = 0;
    std::vector<TokenDamage> tokens; // per scored token, chunk after chunk
    std::vector<KlChunk> chunks;
    KlSummary summary;
    bool cancelled = false; // stopped between chunks: the figures cover the chunks done
};

// Runs both models over the chunks, chunk by chunk (no logits file), and compares their
// next-token distributions at every scored position. Throws realm::Error when the two
// vocabularies differ in size. control is polled between chunks and told the fraction done.
KlReport measureKlDivergence(std::shared_ptr<const Model> reference, std::shared_ptr<const Model> test,
                             const TextChunks& chunks, const SessionOptions& options,
                             const JobControl* control = nullptr,
                             const std::function<void(const KlChunk&)>& onChunk = {});

} // namespace realm
