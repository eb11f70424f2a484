#include "tokenizer/unicode_text.h"
#include "tokenizer/pcre2_regex.h"
#include "tokenizer/unicode_data.h"

#include <algorithm>

namespace realm::unicode {

size_t decodeOne(std::string_view text, size_t pos, uint32_t& cpt) {
    const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
    const uint8_t b0 = byte(pos);
    if (b0 < 0x80) {
        cpt = b0;
        return 1;
    }
    size_t len;
    uint32_t min;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2, min = 0x80, cpt = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3, min = 0x800, cpt = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4, min = 0x10000, cpt = b0 & 0x07;
    } else {
        return 0;
    }
    if (pos + len > text.size()) return 0;
    for (size_t i = 1; i < len; ++i) {
        const uint8_t b = byte(pos + i);
        if ((b & 0xC0) != 0x80) return 0;
        cpt = (cpt << 6) | (b & 0x3F);
    }
    if (cpt < min || cpt > 0x10FFFF || (cpt >= 0xD800 && cpt <= 0xDFFF)) return 0;
    return len;
}

std::vector<uint32_t> decode(std::string_view text) {
    std::vector<uint32_t> out;
    out.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) {
        uint32_t cpt = 0;
        const size_t len = decodeOne(text, pos, cpt);
        out.push_back(len ? cpt : kReplacement);
        pos += len ? len : 1;
    }
    return out;
}

void append(std::string& out, uint32_t cpt) {
    if (cpt < 0x80) {
        out += static_cast<char>(cpt);
    } else if (cpt < 0x800) {
        out += static_cast<char>(0xC0 | (cpt >> 6));
        out += static_cast<char>(0x80 | (cpt & 0x3F));
    } else if (cpt < 0x10000) {
        out += static_cast<char>(0xE0 | (cpt >> 12));
        out += static_cast<char>(0x80 | ((cpt >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cpt & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cpt >> 18));
        out += static_cast<char>(0x80 | ((cpt >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cpt >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cpt & 0x3F));
    }
}

std::string encode(uint32_t cpt) {
    std::string s;
    append(s, cpt);
    return s;
}

bool isValid(std::string_view text) {
    for (size_t pos = 0; pos < text.size();) {
        uint32_t cpt = 0;
        const size_t len = decodeOne(text, pos, cpt);
        if (!len) return false;
        pos += len;
    }
    return true;
}

std::string sanitize(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) {
        uint32_t cpt = 0;
        const size_t len = decodeOne(text, pos, cpt);
        if (len) {
            out.append(text.substr(pos, len));
            pos += len;
        } else {
            append(out, kReplacement);
            ++pos;
        }
    }
    return out;
}

uint32_t toLower(uint32_t cpt) {
    if (cpt < 0x80) return (cpt >= 'A' && cpt <= 'Z') ? cpt + 32 : cpt;
    const auto* begin = unicode_data::kLowercase;
    const auto* end = begin + unicode_data::kLowercaseCount;
    const auto* it = std::lower_bound(begin, end, cpt, [](const auto& m, uint32_t c) { return m.from < c; });
    return (it != end && it->from == cpt) ? it->to : cpt;
}

void appendNfd(uint32_t cpt, std::vector<uint32_t>& out) {
    // Hangul syllables decompose arithmetically (Unicode ch. 3.12).
    constexpr uint32_t sBase = 0xAC00, lBase = 0x1100, vBase = 0x1161, tBase = 0x11A7;
    constexpr uint32_t vCount = 21, tCount = 28, sCount = 19 * vCount * tCount;
    if (cpt >= sBase && cpt < sBase + sCount) {
        const uint32_t s = cpt - sBase;
        out.push_back(lBase + s / (vCount * tCount));
        out.push_back(vBase + (s % (vCount * tCount)) / tCount);
        if (s % tCount) out.push_back(tBase + s % tCount);
        return;
    }
    if (cpt < 0xC0) {
        out.push_back(cpt);
        return;
    }
    const auto* begin = unicode_data::kDecompositions;
    const auto* end = begin + unicode_data::kDecompositionCount;
    const auto* it = std::lower_bound(begin, end, cpt, [](const auto& d, uint32_t c) { return d.cpt < c; });
    if (it != end && it->cpt == cpt)
        out.insert(out.end(), it->parts, it->parts + it->length);
    else
        out.push_back(cpt);
}

CharClass classify(uint32_t cpt) {
    if (cpt < 0x80) {
        if (cpt == ' ' || (cpt >= 0x09 && cpt <= 0x0D)) return CharClass::Whitespace;
        if (cpt < 0x20 || cpt == 0x7F) return CharClass::Control;
        if ((cpt >= 'a' && cpt <= 'z') || (cpt >= 'A' && cpt <= 'Z') || (cpt >= '0' && cpt <= '9'))
            return CharClass::Other;
    }
    // One anchored alternation: the first group that matches names the class.
    static const Pcre2Regex re(R"(^(?:(\s)|(\p{Mn})|(\p{C})|(\p{P})|(\p{S})))");
    const int group = re.matchingGroup(encode(cpt));
    switch (group) {
    case 1:
        return CharClass::Whitespace;
    case 2:
        return CharClass::AccentMark;
    case 3:
        return CharClass::Control;
    case 4:
        return CharClass::Punctuation;
    case 5:
        return CharClass::Symbol;
    default:
        return CharClass::Other;
    }
}

} // namespace realm::unicode
