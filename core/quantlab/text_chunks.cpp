#include "quantlab/text_chunks.h"

#include "tokenizer/tokenizer.h"
#include "util/error.h"

#include <algorithm>
#include <string>

namespace realm {

TextChunks::TextChunks(std::vector<int32_t> tokens, int64_t nCtx, int32_t bos, int64_t maxChunks)
    : tokens_(std::move(tokens)), nCtx_(nCtx), count_(0), bos_(bos) {
    if (nCtx_ < 4) throw Error("context of " + std::to_string(nCtx_) + " tokens: at least 4 are needed");
    const int64_t n = static_cast<int64_t>(tokens_.size());
    // llama-perplexity's own limit: fewer than two chunks' worth of tokens is refused.
    if (n < 2 * nCtx_)
        throw Error("the text tokenizes to " + std::to_string(n) + " tokens; a context of " +
                    std::to_string(nCtx_) + " needs at least " + std::to_string(2 * nCtx_) +
                    " (two chunks, as llama-perplexity requires)");
    count_ = n / nCtx_;
    if (maxChunks >= 0) count_ = std::min(count_, std::max<int64_t>(maxChunks, 1));
}

std::vector<int32_t> TextChunks::input(int64_t chunk) const {
    const auto begin = tokens_.begin() + chunk * nCtx_;
    std::vector<int32_t> ids(begin, begin + nCtx_);
    if (bos_ >= 0) ids[0] = bos_;
    return ids;
}

std::span<const int32_t> TextChunks::targets(int64_t chunk) const {
    return std::span<const int32_t>(tokens_).subspan(static_cast<size_t>(targetsStart(chunk)),
                                                     static_cast<size_t>(scoredPerChunk()));
}

TextChunks chunkText(const Tokenizer& tokenizer, std::string_view text, int64_t nCtx, int64_t maxChunks) {
    return TextChunks(tokenizer.tokenize(text, true, false), nCtx, tokenizer.addBos() ? tokenizer.bos() : -1,
                      maxChunks);
}

} // namespace realm
