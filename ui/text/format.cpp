#include "text/format.h"

#include <cmath>

namespace realm::ui {

namespace {
// 3 significant digits: 1.23, 12.3, 123.
QString threeDigits(double v) {
    const int decimals = v < 10 ? 2 : v < 100 ? 1 : 0;
    return QString::number(v, 'f', decimals);
}
} // namespace

QString formatBytes(uint64_t bytes) {
    static const char* const units[] = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) return QString::number(bytes) + QStringLiteral(" B");
    double v = static_cast<double>(bytes) / 1024.0;
    int u = 0;
    // 999.5 KiB would print as "1000 KiB"; move up a unit instead.
    while (v >= 999.5 && u < 3) {
        v /= 1024.0;
        ++u;
    }
    return threeDigits(v) + QLatin1Char(' ') + QLatin1String(units[u]);
}

ByteScale byteScaleFor(double bytes) {
    static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    ByteScale scale{1, QLatin1String(units[0])};
    for (int u = 1; u < 5 && bytes / scale.divisor >= 1024; ++u)
        scale = {scale.divisor * 1024, QLatin1String(units[u])};
    return scale;
}

QString formatCount(uint64_t n) {
    QString digits = QString::number(n);
    for (int i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(','));
    return digits;
}

QString formatParams(uint64_t n) {
    if (n >= 1000000000ull) return threeDigits(static_cast<double>(n) / 1e9) + QStringLiteral(" B");
    if (n >= 1000000ull) return threeDigits(static_cast<double>(n) / 1e6) + QStringLiteral(" M");
    if (n >= 1000ull) return threeDigits(static_cast<double>(n) / 1e3) + QStringLiteral(" K");
    return QString::number(n);
}

QString visiblePiece(std::string_view bytes) {
    // Decode as UTF-8 where valid; escape what is not printable.
    const QString text = QString::fromUtf8(bytes.data(), static_cast<qsizetype>(bytes.size()));
    const bool valid = text.toUtf8() == QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size()));
    QString out;
    if (!valid) {
        for (unsigned char c : bytes) {
            if (c >= 0x20 && c < 0x7f && c != ' ')
                out += QLatin1Char(static_cast<char>(c));
            else if (c == ' ')
                out += QChar(0x2423);
            else
                out += QStringLiteral("\\x%1")
                           .arg(c, 2, 16, QLatin1Char('0'))
                           .toUpper()
                           .replace(QStringLiteral("\\X"), QStringLiteral("\\x"));
        }
        return out;
    }
    for (QChar ch : text) {
        const char16_t u = ch.unicode();
        if (u == ' ')
            out += QChar(0x2423);
        else if (u == '\n')
            out += QStringLiteral("\\n");
        else if (u == '\t')
            out += QStringLiteral("\\t");
        else if (u == '\r')
            out += QStringLiteral("\\r");
        else if (u < 0x20 || u == 0x7f)
            out += QStringLiteral("\\x%1")
                       .arg(static_cast<int>(u), 2, 16, QLatin1Char('0'))
                       .toUpper()
                       .replace(QStringLiteral("\\X"), QStringLiteral("\\x"));
        else
            out += ch;
    }
    return out;
}

QString formatValue(double v) {
    if (std::isnan(v)) return QStringLiteral("nan");
    if (std::isinf(v)) return v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return QString::number(v, 'g', 4);
}

} // namespace realm::ui
