#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace realm {

class Tokenizer;

// A tokenized text cut into context-sized chunks the way llama-perplexity cuts it: chunk c is
// tokens [c·nCtx, (c+1)·nCtx) of the whole text (tokenized once, BOS at its start as the
// vocabulary says), its first token replaced by BOS when the vocabulary adds one, and only
// the second half is scored, so every scored token has at least nCtx/2 tokens of context.
// Position p (first() ≤ p ≤ nCtx−2) predicts the chunk's token p+1.
class TextChunks {
  public:
    // Throws realm::Error when the text is shorter than llama-perplexity accepts (2·nCtx
    // tokens) or nCtx < 4. maxChunks < 0: every whole chunk.
    TextChunks(std::vector<int32_t> tokens, int64_t nCtx, int32_t bos, int64_t maxChunks = -1);

    int64_t contextLength() const { return nCtx_; }
    int64_t count() const { return count_; }
    int64_t first() const { return nCtx_ / 2; }
    int64_t scoredPerChunk() const { return nCtx_ - 1 - first(); }
    int64_t textTokens() const { return static_cast<int64_t>(tokens_.size()); }
    // What the model reads for chunk c (nCtx ids, BOS first when the vocabulary adds one).
    std::vector<int32_t> input(int64_t chunk) const;
    // The tokens positions first()…nCtx−2 of chunk c predict (scoredPerChunk() ids).
    std::span<const int32_t> targets(int64_t chunk) const;
    // The whole text's tokens, and where in them chunk c's targets start.
    std::span<const int32_t> tokens() const { return tokens_; }
    int64_t targetsStart(int64_t chunk) const { return chunk * nCtx_ + first() + 1; }

  private:
    std::vector<int32_t> tokens_;
    int64_t nCtx_, count_;
    int32_t bos_;
};

// `text` tokenized as llama-perplexity tokenizes it (BOS as the vocabulary says, special tokens
// as plain text) and cut into chunks of nCtx tokens, at most maxChunks of them (< 0: all).
TextChunks chunkText(const Tokenizer& tokenizer, std::string_view text, int64_t nCtx, int64_t maxChunks = -1);

} // namespace realm
