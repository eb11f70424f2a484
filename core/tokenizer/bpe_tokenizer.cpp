#include "tokenizer/bpe_tokenizer.h"
#include "tokenizer/byte_unicode.h"
#include "tokenizer/unicode_text.h"
#include "util/error.h"

#include <queue>

namespace realm {

namespace {
struct Symbol {
    int prev, next;
    size_t offset, length;
    int32_t id; // token of the symbol's text, -1 if none
};

struct Bigram {
    int left, right;
    int32_t rank;
    size_t leftLength, rightLength; // to recognise bigrams made stale by other merges
};

// Lowest rank first; equal ranks: leftmost first.
struct BigramOrder {
    bool operator()(const Bigram& l, const Bigram& r) const {
        return l.rank > r.rank || (l.rank == r.rank && l.left > r.left);
    }
};

uint64_t pairKey(int32_t a, int32_t b) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}
} // namespace

BpeTokenizer::BpeTokenizer(const GgufFile& file) {
    const std::string pre = file.getString("tokenizer.ggml.pre");
    spec_ = preTokenizerSpec(pre);
    // llama.cpp's defaults for byte-level BPE (11 is a historical quirk; kept when in range).
    bos_ = spec_.noBos ? -1 : 11;
    eos_ = 11;
    addBos_ = spec_.forceAddBos;
    cleanSpaces_ = spec_.cleanSpaces;
    loadVocabulary(file, TokenizerKind::Bpe);
    preTokenizer_ = std::make_unique<PreTokenizer>(spec_);

    const GgufValue* merges = file.find("tokenizer.ggml.merges");
    if (!merges || !merges->isArray() || merges->elementType() != GgufType::String)
        throw Error(path_ + ": key 'tokenizer.ggml.merges' is missing or not an array of strings");
    mergeCount_ = merges->size();
    ranksById_.reserve(mergeCount_);
    for (uint64_t i = 0; i < mergeCount_; ++i) {
        const std::string_view m = merges->stringAt(i);
        const size_t space = m.find(' ', 1); // the first part may itself be a space token
        if (space == std::string_view::npos) continue;
        const std::string_view left = m.substr(0, space), right = m.substr(space + 1);
        const int32_t l = findToken(left), r = findToken(right);
        const auto rank = static_cast<int32_t>(i);
        if (l >= 0 && r >= 0)
            ranksById_.insert(pairKey(l, r), rank); // the first listing of a pair wins
        else
            ranksByText_.emplace(std::make_pair(std::string(left), std::string(right)), rank);
    }
}

int32_t BpeTokenizer::rank(int32_t leftId, std::string_view left, int32_t rightId,
                           std::string_view right) const {
    if (leftId >= 0 && rightId >= 0) {
        return ranksById_.find(pairKey(leftId, rightId));
    }
    if (ranksByText_.empty()) return -1;
    const auto it = ranksByText_.find(std::make_pair(std::string(left), std::string(right)));
    return it == ranksByText_.end() ? -1 : it->second;
}

void BpeTokenizer::encodeText(std::string_view raw, bool, std::vector<int32_t>& out) const {
    // PCRE2 needs valid UTF-8; llama.cpp also turns invalid bytes into U+FFFD first.
    const std::string text = unicode::isValid(raw) ? std::string(raw) : unicode::sanitize(raw);
    std::string word;
    for (std::string_view piece : preTokenizer_->split(text)) {
        word.clear();
        byte_unicode::encode(piece, word);
        encodeWord(word, out);
    }
}

void BpeTokenizer::encodeWord(std::string_view word, std::vector<int32_t>& out) const {
    if (spec_.ignoreMerges) {
        if (const int32_t id = findToken(word); id >= 0) {
            out.push_back(id);
            return;
        }
    }
    std::vector<Symbol> symbols;
    symbols.reserve(word.size());
    for (size_t offset = 0; offset < word.size();) {
        const size_t len =
            std::min(unicode::sequenceLength(static_cast<uint8_t>(word[offset])), word.size() - offset);
        const int index = static_cast<int>(symbols.size());
        symbols.push_back({index - 1, offset + len == word.size() ? -1 : index + 1, offset, len,
                           findToken(word.substr(offset, len))});
        offset += len;
    }

    std::priority_queue<Bigram, std::vector<Bigram>, BigramOrder> queue;
    const auto addBigram = [&](int left, int right) {
        if (left < 0 || right < 0) return;
        const Symbol& l = symbols[static_cast<size_t>(left)];
        const Symbol& r = symbols[static_cast<size_t>(right)];
        const int32_t rk = rank(l.id, word.substr(l.offset, l.length), r.id, word.substr(r.offset, r.length));
        if (rk >= 0) queue.push({left, right, rk, l.length, r.length});
    };
    for (int i = 1; i < static_cast<int>(symbols.size()); ++i)
        addBigram(i - 1, i);

    while (!queue.empty()) {
        const Bigram b = queue.top();
        queue.pop();
        Symbol& left = symbols[static_cast<size_t>(b.left)];
        Symbol& right = symbols[static_cast<size_t>(b.right)];
        // A symbol's text is fixed by its start and length, so equal lengths mean the same pair.
        if (left.length != b.leftLength || right.length != b.rightLength || left.next != b.right) continue;
        left.length += right.length;
        right.length = 0;
        left.next = right.next;
        if (right.next >= 0) symbols[static_cast<size_t>(right.next)].prev = b.left;
        left.id = findToken(word.substr(left.offset, left.length));
        addBigram(left.prev, b.left);
        addBigram(b.left, left.next);
    }

    for (int i = 0; i != -1 && !symbols.empty(); i = symbols[static_cast<size_t>(i)].next) {
        const Symbol& s = symbols[static_cast<size_t>(i)];
        if (s.id >= 0) {
            out.push_back(s.id);
            continue;
        }
        // Not a token: llama.cpp emits the single-byte tokens it finds and drops the rest.
        for (char c : word.substr(s.offset, s.length))
            if (const int32_t id = findToken(std::string_view(&c, 1)); id >= 0) out.push_back(id);
    }
}

std::string BpeTokenizer::normalPiece(int32_t id) const {
    const std::string_view text = tokens_[static_cast<size_t>(id)];
    std::string bytes;
    bytes.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) {
        uint32_t cpt = 0;
        size_t len = unicode::decodeOne(text, pos, cpt);
        const int b = len ? byte_unicode::decodeCodepoint(cpt) : -1;
        if (!len) len = 1;
        // Code points outside GPT-2's byte map are kept as they are.
        if (b >= 0)
            bytes += static_cast<char>(b);
        else
            bytes.append(text.substr(pos, len));
        pos += len;
    }
    return bytes;
}

} // namespace realm
