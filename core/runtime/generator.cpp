#include "runtime/generator.h"

#include "runtime/session.h"
#include "runtime/text_stream.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

#include <algorithm>
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
                          const JobControl* control) {
    if (prompt.empty()) throw Error("generate: the prompt has no tokens");
    if (static_cast<int64_t>(prompt.size()) > session.contextLength())
        throw Error("the prompt has " + std::to_string(prompt.size()) +
                    " tokens, more than the context length " + std::to_string(session.contextLength()));
    GenerationResult result;
    GenerationStats& st = result.stats;
    const auto start = Clock::now();

    // The reply so far goes after the prompt: one sequence for the cache.
    std::vector<int32_t> context(prompt.begin(), prompt.end());
    context.insert(context.end(), settings.continueFrom.begin(), settings.continueFrom.end());
    if (static_cast<int64_t>(context.size()) > session.contextLength())
        throw Error("the prompt and the reply so far have " + std::to_string(context.size()) +
                    " tokens, more than the context length " + std::to_string(session.contextLength()));
    st.promptTokens = static_cast<int64_t>(prompt.size());
    const int64_t reused = session.reusePrefix(context);
    st.promptEvaluated = static_cast<int64_t>(context.size()) - reused;
    const std::vector<float>* logits =
        &session.evaluate(std::span<const int32_t>(context).subspan(static_cast<size_t>(reused)));
    st.promptSeconds = secondsSince(start);
    st.promptTokensPerSecond =
        st.promptSeconds > 0 ? static_cast<double>(st.promptEvaluated) / st.promptSeconds : 0;

    Sampler sampler(settings.sampler);
    for (int32_t t : context)
        sampler.accept(t);
    TextStream stream(settings.stopStrings);
    if (tokenizer)
        for (int32_t t : settings.continueFrom)
            stream.push(tokenizer->tokenToPiece(t)); // already shown by the caller
    const int64_t nVocab = session.hparams().nVocab;
    Clock::time_point firstTokenAt = start;
    const auto first = static_cast<int64_t>(settings.continueFrom.size());
    const int64_t end = std::max(settings.maxTokens, first + static_cast<int64_t>(settings.forced.size()));

    for (int64_t i = first; i < end; ++i) {
        if (cancelled(control)) {
            st.stopReason = StopReason::Cancelled;
            break;
        }
        const auto step = static_cast<size_t>(i - first);
        int32_t id = sampler.sample(logits->data(), nVocab);
        if (step < settings.forced.size()) id = settings.forced[step];
        if (step == 0) {
            firstTokenAt = Clock::now();
            st.timeToFirstTokenSeconds = secondsSince(start);
        }
        sampler.accept(id);
        result.tokens.push_back(id);
        TokenProbabilities probabilities;
        if (settings.alternatives > 0) {
            probabilities =
                tokenProbabilities(logits->data(), nVocab, id, sampler.survivors(), settings.alternatives);
            result.probabilities.push_back(probabilities);
        }
        ++st.generatedTokens;

        const bool eog = tokenizer && settings.stopAtEndOfGeneration && tokenizer->isEndOfGeneration(id);
        std::string released = tokenizer && !eog ? stream.push(tokenizer->tokenToPiece(id)) : std::string();
        bool last = eog || stream.stopped() || i + 1 == end;
        if (!last && session.nPast() >= session.contextLength()) {
            st.stopReason = StopReason::ContextFull;
            last = true;
        }
        if (last) released += stream.flush();
        if (onToken) onToken(StreamedToken{id, released, i, std::move(probabilities)});
        if (eog)
            st.stopReason = StopReason::EndOfGeneration;
        else if (stream.stopped())
            st.stopReason = StopReason::StopString;
        if (last) break;
        logits = &session.evaluate(std::span<const int32_t>(&result.tokens.back(), 1));
    }
    // A cancellation between tokens may leave text held back: release it.
    if (std::string rest = stream.flush(); !rest.empty() && onToken)
        onToken(StreamedToken{-1, rest, first + st.generatedTokens, {}});

    result.text = stream.text();
    st.generationSeconds = st.generatedTokens > 0 ? secondsSince(firstTokenAt) : 0;
    st.tokensPerSecond = st.generatedTokens > 1 && st.generationSeconds > 0
                             ? static_cast<double>(st.generatedTokens - 1) / st.generationSeconds
                             : 0;
    return result;
}

} // namespace realm
