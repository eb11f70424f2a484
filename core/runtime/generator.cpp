#include "runtime/generator.h"

#include "runtime/session.h"
#include "runtime/text_stream.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

#include <chrono>

namespace realm {

const char* stopReasonName(StopReason r) {
    switch (r) {
    case StopReason::MaxTokens:
        return "max_tokens";
    case StopReason::EndOfGeneration:
        return "end_of_generation";
    case StopReason::StopString:
        return "stop_string";
    case StopReason::Cancelled:
        return "cancelled";
    case StopReason::ContextFull:
        return "context_full";
    }
    return "?";
}

namespace {
using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}
} // namespace

GenerationResult generate(Session& session, const Tokenizer* tokenizer, std::span<const int32_t> prompt,
                          const GenerationSettings& settings, const TokenCallback& onToken,
                          const std::atomic<bool>* cancel) {
    if (prompt.empty()) throw Error("generate: the prompt has no tokens");
    if (static_cast<int64_t>(prompt.size()) > session.contextLength())
        throw Error("the prompt has " + std::to_string(prompt.size()) +
                    " tokens, more than the context length " + std::to_string(session.contextLength()));
    GenerationResult result;
    GenerationStats& st = result.stats;
    const auto start = Clock::now();

    st.promptTokens = static_cast<int64_t>(prompt.size());
    const int64_t reused = session.reusePrefix(prompt);
    st.promptEvaluated = st.promptTokens - reused;
    const std::vector<float>* logits = &session.evaluate(prompt.subspan(static_cast<size_t>(reused)));
    st.promptSeconds = secondsSince(start);
    st.promptTokensPerSecond =
        st.promptSeconds > 0 ? static_cast<double>(st.promptEvaluated) / st.promptSeconds : 0;

    Sampler sampler(settings.sampler);
    for (int32_t t : prompt)
        sampler.accept(t);
    TextStream stream(settings.stopStrings);
    const int64_t nVocab = session.hparams().nVocab;
    Clock::time_point firstTokenAt = start;

    for (int64_t i = 0; i < settings.maxTokens; ++i) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            st.stopReason = StopReason::Cancelled;
            break;
        }
        const int32_t id = sampler.sample(logits->data(), nVocab);
        if (i == 0) {
            firstTokenAt = Clock::now();
            st.timeToFirstTokenSeconds = secondsSince(start);
        }
        sampler.accept(id);
        result.tokens.push_back(id);
        ++st.generatedTokens;

        const bool eog = tokenizer && settings.stopAtEndOfGeneration && tokenizer->isEndOfGeneration(id);
        std::string released = tokenizer && !eog ? stream.push(tokenizer->tokenToPiece(id)) : std::string();
        bool last = eog || stream.stopped() || i + 1 == settings.maxTokens;
        if (!last && session.nPast() >= session.contextLength()) {
            st.stopReason = StopReason::ContextFull;
            last = true;
        }
        if (last) released += stream.flush();
        if (onToken) onToken(StreamedToken{id, released, i});
        if (eog)
            st.stopReason = StopReason::EndOfGeneration;
        else if (stream.stopped())
            st.stopReason = StopReason::StopString;
        if (last) break;
        logits = &session.evaluate(std::span<const int32_t>(&result.tokens.back(), 1));
    }
    // A cancellation between tokens may leave text held back: release it.
    if (std::string rest = stream.flush(); !rest.empty() && onToken)
        onToken(StreamedToken{-1, rest, st.generatedTokens});

    result.text = stream.text();
    st.generationSeconds = st.generatedTokens > 0 ? secondsSince(firstTokenAt) : 0;
    st.tokensPerSecond = st.generatedTokens > 1 && st.generationSeconds > 0
                             ? static_cast<double>(st.generatedTokens - 1) / st.generationSeconds
                             : 0;
    return result;
}

} // namespace realm
