#include "tokenizer/wpm_tokenizer.h"
#include "tokenizer/unicode_text.h"

namespace realm {

namespace {
const std::string_view kSpace = "\xE2\x96\x81"; // U+2581 "▁"

// CJK ideographs are split into single-character words (HF BasicTokenizer's ranges).
bool isChineseChar(uint32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) ||
           (c >= 0x2B920 && c <= 0x2CEAF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}
} // namespace

WpmTokenizer::WpmTokenizer(const GgufFile& file) {
    bos_ = 101, unk_ = 100, sep_ = 102, pad_ = 0; // llama.cpp's defaults for BERT vocabularies
    addBos_ = true;
    cleanSpaces_ = true;
    loadVocabulary(file, TokenizerKind::Wpm);
    lowercase_ = file.getBool("tokenizer.ggml.normalizer.lowercase", true);
    stripAccents_ = file.getBool("tokenizer.ggml.normalizer.strip_accents", lowercase_);
}

std::vector<std::string> WpmTokenizer::preprocess(std::string_view text) const {
    std::vector<uint32_t> cpts = unicode::decode(text);
    if (stripAccents_) {
        std::vector<uint32_t> nfd;
        nfd.reserve(cpts.size());
        for (uint32_t c : cpts)
            unicode::appendNfd(c, nfd);
        cpts.swap(nfd);
    }
    std::vector<std::string> words(1);
    for (uint32_t cpt : cpts) {
        const unicode::CharClass cls = unicode::classify(cpt);
        if (cls == unicode::CharClass::Whitespace) {
            if (!words.back().empty()) words.emplace_back();
            continue;
        }
        if (cpt == 0 || cpt == unicode::kReplacement || cls == unicode::CharClass::Control) continue;
        if (stripAccents_ && cls == unicode::CharClass::AccentMark) continue;
        const uint32_t c = lowercase_ ? unicode::toLower(cpt) : cpt;
        if (cls == unicode::CharClass::Punctuation || (cpt < 0x7F && cls == unicode::CharClass::Symbol) ||
            isChineseChar(cpt)) {
            if (!words.back().empty()) words.emplace_back();
            unicode::append(words.back(), c);
            words.emplace_back();
        } else {
            unicode::append(words.back(), c);
        }
    }
    if (words.back().empty()) words.pop_back();
    return words;
}

void WpmTokenizer::encodeText(std::string_view text, bool, std::vector<int32_t>& out) const {
    for (const std::string& word : preprocess(text)) {
        const std::string w = std::string(kSpace) + word;
        const std::string_view view = w;
        const size_t start = out.size();
        bool covered = true;
        for (size_t i = 0; i < w.size();) {
            bool found = false;
            for (size_t j = std::min(w.size(), i + maxTokenLength_ + 1); j > i; --j) {
                if (const int32_t id = findToken(view.substr(i, j - i)); id >= 0) {
                    out.push_back(id);
                    i = j;
                    found = true;
                    break;
                }
            }
            if (!found) {
                covered = false;
                break;
            }
        }
        if (!covered) out.resize(start);
        if (out.size() == start) out.push_back(unk_);
    }
}

std::string WpmTokenizer::normalPiece(int32_t id) const {
    const std::string_view t = tokens_[static_cast<size_t>(id)];
    std::string out;
    size_t pos = 0;
    for (size_t hit; (hit = t.find(kSpace, pos)) != std::string_view::npos; pos = hit + kSpace.size()) {
        out.append(t.substr(pos, hit - pos));
        out += ' ';
    }
    out.append(t.substr(pos));
    return out;
}

} // namespace realm
