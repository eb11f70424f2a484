#pragma once
#include "quantlab/text_chunks.h"
#include "runtime/session_options.h"
#include "util/job_control.h"

#include <functional>
#include <memory>
#include <vector>

namespace realm {

class Model;

struct PerplexityChunk {
    int64_t chunk = 0;
    double perplexity = 0; // of this chunk's scored tokens alone
    double running = 0;    // of every scored token so far (what llama-perplexity prints as [c]x)
};

struct PerplexityReport {
    int64_t contextLength = 0, textTokens = 0, scoredTokens = 0;
    double perplexity = 0;  // exp(mean negative log-likelihood)
    double uncertainty = 0; // llama-perplexity's "+/-": ppl · sqrt(var(nll) / (n−1))
    std::vector<PerplexityChunk> chunks;
    std::vector<float> tokenNll; // per scored token, chunk after chunk
    bool cancelled = false;      // stopped between chunks: the figures cover the chunks done
};

// Perplexity of `model` over the chunks, scored as llama-perplexity scores them. control is
// polled between chunks and told the fraction done; onChunk (optional) sees each chunk's
// figures as they come.
PerplexityReport measurePerplexity(std::shared_ptr<const Model> model, const TextChunks& chunks,
                                   const SessionOptions& options, const JobControl* control = nullptr,
                                   const std::function<void(const PerplexityChunk&)>& onChunk = {});

} // namespace realm
