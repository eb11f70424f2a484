#include "chat/jinja_string.h"
#include "chat/jinja_builtins.h"
#include "chat/jinja_error.h"

#include <algorithm>

namespace realm::jinja {

uint32_t decodeUtf8(const std::string& s, size_t& i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + n > s.size()) n = 1;
    for (size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) n = 1;
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < n; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += n;
    return cp;
}

bool isPythonSpace(uint32_t cp) {
    return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0 ||
           cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

namespace {

// Byte offsets of each code point start, plus s.size() at the end.
std::vector<size_t> boundaries(const std::string& s, std::vector<uint32_t>* cps = nullptr) {
    std::vector<size_t> b;
    for (size_t i = 0; i < s.size();) {
        b.push_back(i);
        uint32_t cp = decodeUtf8(s, i);
        if (cps) cps->push_back(cp);
    }
    b.push_back(s.size());
    return b;
}

bool isLineBreak(uint32_t cp) {
    return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x1C || cp == 0x1D || cp == 0x1E ||
           cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

} // namespace

std::string pythonStrip(const std::string& s, const std::string* chars, StripMode mode) {
    std::vector<uint32_t> cps;
    std::vector<size_t> b = boundaries(s, &cps);
    std::vector<uint32_t> set;
    if (chars)
        for (size_t i = 0; i < chars->size();)
            set.push_back(decodeUtf8(*chars, i));
    auto strip = [&](uint32_t cp) {
        return chars ? std::find(set.begin(), set.end(), cp) != set.end() : isPythonSpace(cp);
    };
    size_t first = 0, last = cps.size();
    if (mode != StripMode::Right)
        while (first < last && strip(cps[first]))
            ++first;
    if (mode != StripMode::Left)
        while (last > first && strip(cps[last - 1]))
            --last;
    return s.substr(b[first], b[last] - b[first]);
}

std::vector<std::string> pythonSplit(const std::string& s, const std::string* sep, int64_t maxsplit,
                                     bool fromRight) {
    std::vector<std::string> out;
    if (sep) {
        if (sep->empty()) throw JinjaError("empty separator");
        if (!fromRight) {
            size_t start = 0;
            for (size_t p; (maxsplit < 0 || static_cast<int64_t>(out.size()) < maxsplit) &&
                           (p = s.find(*sep, start)) != std::string::npos;
                 start = p + sep->size())
                out.push_back(s.substr(start, p - start));
            out.push_back(s.substr(start));
        } else {
            size_t end = s.size();
            std::vector<std::string> rev;
            while (maxsplit < 0 || static_cast<int64_t>(rev.size()) < maxsplit) {
                if (end < sep->size()) break;
                size_t p = s.rfind(*sep, end - sep->size());
                if (p == std::string::npos) break;
                rev.push_back(s.substr(p + sep->size(), end - p - sep->size()));
                end = p;
            }
            rev.push_back(s.substr(0, end));
            out.assign(rev.rbegin(), rev.rend());
        }
        return out;
    }
    // Whitespace split: runs of whitespace separate, empty strings never appear.
    std::vector<uint32_t> cps;
    std::vector<size_t> b = boundaries(s, &cps);
    std::vector<std::pair<size_t, size_t>> words; // code point ranges
    for (size_t i = 0; i < cps.size();) {
        while (i < cps.size() && isPythonSpace(cps[i]))
            ++i;
        if (i >= cps.size()) break;
        size_t j = i;
        while (j < cps.size() && !isPythonSpace(cps[j]))
            ++j;
        words.emplace_back(i, j);
        i = j;
    }
    if (maxsplit < 0 || static_cast<int64_t>(words.size()) <= maxsplit + 1) {
        for (auto [i, j] : words)
            out.push_back(s.substr(b[i], b[j] - b[i]));
        return out;
    }
    size_t keep = static_cast<size_t>(maxsplit);
    if (!fromRight) {
        for (size_t k = 0; k < keep; ++k)
            out.push_back(s.substr(b[words[k].first], b[words[k].second] - b[words[k].first]));
        // The remainder keeps its inner and trailing whitespace, as in Python.
        out.push_back(s.substr(b[words[keep].first]));
    } else {
        size_t firstKept = words.size() - keep;
        out.push_back(s.substr(0, b[words[firstKept - 1].second]));
        for (size_t k = firstKept; k < words.size(); ++k)
            out.push_back(s.substr(b[words[k].first], b[words[k].second] - b[words[k].first]));
    }
    return out;
}

std::vector<std::string> pythonSplitLines(const std::string& s, bool keepEnds) {
    std::vector<std::string> out;
    size_t lineStart = 0;
    for (size_t i = 0; i < s.size();) {
        size_t at = i;
        uint32_t cp = decodeUtf8(s, i);
        if (!isLineBreak(cp)) continue;
        if (cp == '\r' && i < s.size() && s[i] == '\n') ++i;
        out.push_back(s.substr(lineStart, (keepEnds ? i : at) - lineStart));
        lineStart = i;
    }
    if (lineStart < s.size()) out.push_back(s.substr(lineStart));
    return out;
}

std::string pythonReplace(const std::string& s, const std::string& from, const std::string& to,
                          int64_t count) {
    std::string out;
    if (from.empty()) {
        // Python inserts `to` before every character and at the end.
        std::vector<size_t> b = boundaries(s);
        int64_t done = 0;
        for (size_t k = 0; k + 1 < b.size(); ++k) {
            if (count < 0 || done < count) out += to, ++done;
            out += s.substr(b[k], b[k + 1] - b[k]);
            if (out.size() > kMaxValueBytes) throw JinjaError("value too large");
        }
        if (count < 0 || done < count) out += to;
        return out;
    }
    size_t start = 0;
    int64_t done = 0;
    for (size_t p; (count < 0 || done < count) && (p = s.find(from, start)) != std::string::npos;
         start = p + from.size()) {
        out.append(s, start, p - start);
        out += to;
        ++done;
        if (out.size() > kMaxValueBytes) throw JinjaError("value too large");
    }
    out.append(s, start, std::string::npos);
    return out;
}

std::string asciiUpper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    return s;
}

std::string asciiLower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return s;
}

namespace {
// Non-ASCII bytes count as letters so that "héllo".title() keeps "llo" lower case as Python does.
bool isCasedByte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}
} // namespace

std::string pythonTitle(const std::string& s) {
    std::string out = s;
    bool prevCased = false;
    for (char& ch : out) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            if (prevCased && c >= 'A' && c <= 'Z') ch = static_cast<char>(c + 32);
            if (!prevCased && c >= 'a' && c <= 'z') ch = static_cast<char>(c - 32);
        }
        prevCased = isCasedByte(c);
    }
    return out;
}

std::string pythonCapitalize(const std::string& s) {
    std::string out = asciiLower(s);
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
    return out;
}

bool pythonIsClass(const std::string& s, const std::string& method) {
    if (s.empty()) return false;
    bool anyCased = false;
    for (size_t i = 0; i < s.size();) {
        uint32_t cp = decodeUtf8(s, i);
        bool digit = cp >= '0' && cp <= '9';
        bool upper = cp >= 'A' && cp <= 'Z', lower = cp >= 'a' && cp <= 'z';
        bool alpha = upper || lower || cp >= 0x80;
        if (method == "isdigit" && !digit) return false;
        if (method == "isalpha" && !alpha) return false;
        if (method == "isalnum" && !alpha && !digit) return false;
        if (method == "isspace" && !isPythonSpace(cp)) return false;
        if (method == "isupper" && lower) return false;
        if (method == "islower" && upper) return false;
        anyCased = anyCased || upper || lower;
    }
    return (method == "isupper" || method == "islower") ? anyCased : true;
}

std::string htmlEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&#34;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace realm::jinja
