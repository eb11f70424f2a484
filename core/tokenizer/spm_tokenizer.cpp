#include "tokenizer/spm_tokenizer.h"
#include "tokenizer/unicode_text.h"

#include <queue>
#include <unordered_map>

namespace realm {

namespace {
const std::string_view kSpace = "\xE2\x96\x81"; // U+2581 "▁"

struct Symbol {
    int prev, next;
    size_t offset, length;
};

struct Bigram {
    int left, right;
    float score;
    size_t length;
};

// Highest score first; equal scores: leftmost first.
struct BigramOrder {
    bool operator()(const Bigram& l, const Bigram& r) const {
        return l.score < r.score || (l.score == r.score && l.left > r.left);
    }
};

std::string replaceAll(std::string_view s, std::string_view from, std::string_view to) {
    std::string out;
    out.reserve(s.size() + s.size() / 2);
    size_t pos = 0;
    for (size_t hit; (hit = s.find(from, pos)) != std::string_view::npos; pos = hit + from.size()) {
        out.append(s.substr(pos, hit - pos));
        out.append(to);
    }
    out.append(s.substr(pos));
    return out;
}
} // namespace

SpmTokenizer::SpmTokenizer(const GgufFile& file) {
    bos_ = 1, eos_ = 2, unk_ = 0; // llama.cpp's defaults for SPM vocabularies
    addBos_ = true;
    addSpacePrefix_ = true;
    loadVocabulary(file, TokenizerKind::Spm);
}

void SpmTokenizer::encodeText(std::string_view raw, bool afterSpecial, std::vector<int32_t>& out) const {
    std::string withPrefix;
    withPrefix.reserve(raw.size() + 1);
    if (addSpacePrefix_ && afterSpecial) withPrefix += ' ';
    withPrefix.append(raw);
    const std::string text = replaceAll(withPrefix, " ", kSpace);
    const std::string_view view = text;

    std::vector<Symbol> symbols;
    symbols.reserve(text.size());
    for (size_t offset = 0; offset < text.size();) {
        const size_t len =
            std::min(unicode::sequenceLength(static_cast<uint8_t>(text[offset])), text.size() - offset);
        const int index = static_cast<int>(symbols.size());
        symbols.push_back({index - 1, offset + len == text.size() ? -1 : index + 1, offset, len});
        offset += len;
    }

    std::priority_queue<Bigram, std::vector<Bigram>, BigramOrder> queue;
    // Text of a merged symbol -> the two symbols it came from, to split it again if the
    // merged text is not itself a token (last writer wins, as in llama.cpp).
    std::unordered_map<std::string_view, std::pair<int, int>> reverseMerges;
    const auto tryAddBigram = [&](int left, int right) {
        if (left < 0 || right < 0) return;
        const auto& l = symbols[static_cast<size_t>(left)];
        const auto& r = symbols[static_cast<size_t>(right)];
        const std::string_view merged = view.substr(l.offset, l.length + r.length);
        const int32_t id = findToken(merged);
        if (id < 0) return;
        queue.push({left, right, scores_[static_cast<size_t>(id)], merged.size()});
        reverseMerges[merged] = {left, right};
    };
    for (int i = 1; i < static_cast<int>(symbols.size()); ++i)
        tryAddBigram(i - 1, i);

    while (!queue.empty()) {
        const Bigram b = queue.top();
        queue.pop();
        auto& left = symbols[static_cast<size_t>(b.left)];
        auto& right = symbols[static_cast<size_t>(b.right)];
        if (left.length == 0 || right.length == 0 || left.length + right.length != b.length)
            continue; // stale
        left.length += right.length;
        right.length = 0;
        left.next = right.next;
        if (right.next >= 0) symbols[static_cast<size_t>(right.next)].prev = b.left;
        tryAddBigram(left.prev, b.left);
        tryAddBigram(b.left, left.next);
    }

    // Emits a symbol as its token, or as the two symbols it was merged from, or as bytes.
    const auto resegment = [&](const auto& self, const Symbol& s) -> void {
        const std::string_view piece = view.substr(s.offset, s.length);
        if (const int32_t id = findToken(piece); id >= 0) {
            out.push_back(id);
            return;
        }
        const auto it = reverseMerges.find(piece);
        if (it == reverseMerges.end()) {
            for (char c : piece)
                out.push_back(byteToken(static_cast<uint8_t>(c)));
            return;
        }
        self(self, symbols[static_cast<size_t>(it->second.first)]);
        self(self, symbols[static_cast<size_t>(it->second.second)]);
    };
    if (symbols.empty()) return;
    for (int i = 0; i != -1; i = symbols[static_cast<size_t>(i)].next)
        resegment(resegment, symbols[static_cast<size_t>(i)]);
}

std::string SpmTokenizer::normalPiece(int32_t id) const {
    return replaceAll(tokens_[static_cast<size_t>(id)], kSpace, " ");
}

} // namespace realm
