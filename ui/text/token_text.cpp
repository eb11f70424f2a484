#include "text/token_text.h"

namespace realm::ui {

namespace {
// Length of the valid UTF-8 sequence starting at s[i], 0 if invalid or truncated.
int utf8Length(const std::string& s, size_t i) {
    const auto b = static_cast<unsigned char>(s[i]);
    int n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + size_t(n) > s.size()) return 0;
    for (int k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + size_t(k)]) & 0xC0) != 0x80) return 0;
    return n;
}
} // namespace

QString visiblePiece(const std::string& bytes) {
    QString out;
    for (size_t i = 0; i < bytes.size();) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        const int n = utf8Length(bytes, i);
        if (b == ' ')
            out += QChar(0x2423);
        else if (b == '\n')
            out += QStringLiteral("\\n");
        else if (b == '\t')
            out += QStringLiteral("\\t");
        else if (b == '\r')
            out += QStringLiteral("\\r");
        else if (n == 0 || b < 0x20 || b == 0x7F)
            out += QStringLiteral("\\x%1").arg(b, 2, 16, QLatin1Char('0'));
        else
            out += QString::fromUtf8(bytes.data() + i, n);
        i += size_t(n == 0 ? 1 : n);
    }
    return out;
}

} // namespace realm::ui
