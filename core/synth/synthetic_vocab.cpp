#include "synth/synthetic_vocab.h"

#include "util/error.h"

#include <cstdio>

namespace realm {

SynthVocab makeSynthVocab(int size) {
    if (size < 259)
        throw Error("synthetic vocabulary needs at least 259 tokens, got " + std::to_string(size));
    SynthVocab v;
    auto add = [&](std::string piece, float score, int32_t type) {
        v.tokens.push_back(std::move(piece));
        v.scores.push_back(score);
        v.types.push_back(type);
    };
    add("<unk>", 0.f, 2);
    add("<s>", 0.f, 3);
    add("</s>", 0.f, 3);
    for (int b = 0; b < 256; ++b) {
        char piece[8];
        std::snprintf(piece, sizeof piece, "<0x%02X>", b);
        add(piece, 0.f, 6);
    }
    // Word pieces of growing length; shorter pieces score higher so SentencePiece's
    // merge order builds longer pieces from shorter ones.
    const std::string space = "\xe2\x96\x81"; // U+2581, SentencePiece's word boundary
    std::vector<std::string> previous = {""};
    for (int length = 1; static_cast<int>(v.tokens.size()) < size; ++length) {
        std::vector<std::string> current;
        for (const auto& p : previous)
            for (char c = 'a'; c <= 'z'; ++c)
                current.push_back(p + c);
        for (const std::string& prefix : {space, std::string()})
            for (const auto& p : current) {
                if (static_cast<int>(v.tokens.size()) == size) break;
                add(prefix + p, -static_cast<float>(v.tokens.size()), 1);
            }
        previous = std::move(current);
    }
    return v;
}

} // namespace realm
