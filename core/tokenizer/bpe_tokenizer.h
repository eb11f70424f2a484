#pragma once
#include "tokenizer/pre_tokenizer.h"
#include "tokenizer/tokenizer.h"

#include <map>
#include <string>
#include <utility>

namespace realm {

// Byte-level BPE (tokenizer.ggml.model = gpt2): the text is split by the pre-tokenizer's
// regexes, every piece is mapped byte by byte to GPT-2's printable code points, and adjacent
// symbols are merged lowest merge rank first (tokenizer.ggml.merges order).
class BpeTokenizer : public Tokenizer {
  public:
    explicit BpeTokenizer(const GgufFile& file);
    size_t mergeCount() const { return mergeCount_; }

  protected:
    void encodeText(std::string_view text, bool afterSpecial, std::vector<int32_t>& out) const override;
    std::string normalPiece(int32_t id) const override;

  private:
    // Rank of merging left + right, -1 if they do not merge. Ids are -1 for texts that are
    // not tokens themselves (then the text map is used).
    int32_t rank(int32_t leftId, std::string_view left, int32_t rightId, std::string_view right) const;
    void encodeWord(std::string_view word, std::vector<int32_t>& out) const;

    PreTokenizerSpec spec_;
    std::unique_ptr<PreTokenizer> preTokenizer_;
    // Merges of two tokens, keyed (left id << 32 | right id): no strings at all.
    PairRankMap ranksById_;
    // The rare merges whose parts are not tokens.
    std::map<std::pair<std::string, std::string>, int32_t, std::less<>> ranksByText_;
    size_t mergeCount_ = 0;
};

} // namespace realm
