#pragma once
#include "runtime/token_probabilities.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

namespace realm {
class Tokenizer;
}

namespace realm::cli {

class Args;

// --alternatives N (0 when absent): how many alternatives each generated token keeps.
size_t alternativesOption(const Args& args);
// [{"id", "piece", "p", "top": [{"id", "piece", "p", "kept"}]}] (no "piece" without a tokenizer).
nlohmann::json alternativesJson(const std::vector<TokenProbabilities>& tokens, const Tokenizer* tokenizer);
// One line per token: its piece and probability, then the alternatives ("*" = kept by the sampler).
void printAlternatives(std::FILE* out, const std::vector<TokenProbabilities>& tokens,
                       const Tokenizer& tokenizer);

} // namespace realm::cli
