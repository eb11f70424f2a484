#pragma once
#include "runtime/sampler.h"
#include "runtime/token_probabilities.h"
#include "util/job_control.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace realm {

class Session;
class Tokenizer;

enum class StopReason { MaxTokens, EndOfGeneration, StopString, Cancelled, ContextFull };
const char* stopReasonName(StopReason r);

struct GenerationSettings {
    int64_t maxTokens = 128;
    SamplerSettings sampler;
    std::vector<std::string> stopStrings; // the text stops before the first occurrence
    bool stopAtEndOfGeneration = true;    // EOS/EOT tokens (needs a tokenizer)
    // > 0: each token keeps its probability and this many most likely alternatives.
    size_t alternatives = 0;
    // Continuing a reply: tokens it already has, evaluated after the prompt (the cached prefix
    // is reused) and not streamed again; their text starts the result's text. maxTokens counts them.
    std::vector<int32_t> continueFrom;
    // Taken in turn instead of sampled (e.g. an alternative the user picked), then sampling resumes.
    std::vector<int32_t> forced;
};

struct GenerationStats {
    int64_t promptTokens = 0;    // prompt length
    int64_t promptEvaluated = 0; // of which not reused from the cache
    int64_t generatedTokens = 0;
    double promptSeconds = 0;
    double generationSeconds = 0; // after the first token
    double timeToFirstTokenSeconds = 0;
    double promptTokensPerSecond = 0;
    double tokensPerSecond = 0; // generated tokens after the first / generationSeconds
    StopReason stopReason = StopReason::MaxTokens;
};

// One streamed step: the sampled token and the text that became final with it. The text
// never ends inside a UTF-8 character and never shows a possible stop-string prefix early,
// so it may be empty; the pieces concatenate to the final text.
struct StreamedToken {
    int32_t id = -1;
    std::string text;
    int64_t index = 0;                // position in the reply (continueFrom counts)
    TokenProbabilities probabilities; // with settings.alternatives > 0 (id -1 otherwise)
};
using TokenCallback = std::function<void(const StreamedToken&)>;

struct GenerationResult {
    std::vector<int32_t> tokens;                   // generated ids (an EOG token that stopped it is included)
    std::vector<TokenProbabilities> probabilities; // one per token, with settings.alternatives > 0
    std::string text; // detokenized (continueFrom included), cut before a stop string
    GenerationStats stats;
};

// Evaluates `prompt` (reusing the session's cached prefix), then samples up to maxTokens.
// `tokenizer` may be null (no text, no EOG detection). `control` is checked before each
// token. Throws realm::Error if the prompt itself does not fit in the context.
GenerationResult generate(Session& session, const Tokenizer* tokenizer, std::span<const int32_t> prompt,
                          const GenerationSettings& settings, const TokenCallback& onToken = {},
                          const JobControl* control = nullptr);

} // namespace realm
