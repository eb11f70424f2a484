#pragma once
#include <cstdint>
#include <string>
#include <vector>

// A built-in SentencePiece-style ("llama") vocabulary: <unk> <s> </s>, the 256 byte
// tokens <0x00>..<0xFF>, then generated word pieces ("▁a", "ab", "▁abc", ...) up to
// the requested size, so text tokenizes into pieces rather than only bytes.
namespace realm {

struct SynthVocab {
    std::vector<std::string> tokens;
    std::vector<float> scores;
    std::vector<int32_t> types; // llama token types: 1 normal, 2 unknown, 3 control, 6 byte
};

// size >= 259.
SynthVocab makeSynthVocab(int size);

} // namespace realm
