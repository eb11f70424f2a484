#include "tokenizer/byte_unicode.h"
#include "tokenizer/unicode_text.h"

#include <array>

namespace realm::byte_unicode {

namespace {
struct Tables {
    std::array<uint32_t, 256> cptOfByte{};
    std::array<std::string, 256> utf8OfByte;
    std::array<int16_t, 512> byteOfCpt{};

    Tables() {
        byteOfCpt.fill(-1);
        const auto printable = [](int b) {
            return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
        };
        uint32_t next = 256;
        for (int b = 0; b < 256; ++b) {
            const uint32_t cpt = printable(b) ? static_cast<uint32_t>(b) : next++;
            cptOfByte[b] = cpt;
            utf8OfByte[b] = unicode::encode(cpt);
            byteOfCpt[cpt] = static_cast<int16_t>(b);
        }
    }
};

const Tables& tables() {
    static const Tables t;
    return t;
}
} // namespace

const std::string& encodeByte(uint8_t b) {
    return tables().utf8OfByte[b];
}

void encode(std::string_view raw, std::string& out) {
    const auto& t = tables();
    for (char c : raw)
        out += t.utf8OfByte[static_cast<uint8_t>(c)];
}

int decodeCodepoint(uint32_t cpt) {
    return cpt < 512 ? tables().byteOfCpt[cpt] : -1;
}

} // namespace realm::byte_unicode
