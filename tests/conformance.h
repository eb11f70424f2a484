#pragma once
// llama.cpp's reference data (../shared/conformance, REALM_CONFORMANCE_DIR) for the tests that
// compare with it. A test whose file is missing skips and says which, unless
// REALM_REQUIRE_CONFORMANCE=1 (`./setup.sh check` and CI set it): then it fails, so that a
// checkout without the data cannot pass by skipping.
#include <QByteArray>
#include <QFileInfo>
#include <QString>
#include <QTest>

namespace realm::test {

// REALM_CONFORMANCE_DIR/relative ("" for the folder itself).
inline QString conformancePath(const char* relative = "") {
    const QString rel = QString::fromUtf8(relative);
    return QStringLiteral(REALM_CONFORMANCE_DIR) + (rel.isEmpty() ? QString() : QStringLiteral("/") + rel);
}

inline bool conformanceRequired() {
    return qEnvironmentVariableIntValue("REALM_REQUIRE_CONFORMANCE") == 1;
}

// Empty when the file or folder exists, else why the test cannot run.
inline QByteArray missingConformance(const char* relative) {
    const QString path = conformancePath(relative);
    if (QFileInfo::exists(path)) return {};
    return QStringLiteral("conformance data missing: %1 (llama.cpp's reference data, ../shared/conformance)")
        .arg(path)
        .toUtf8();
}

} // namespace realm::test

// In a test function: skips, or fails under REALM_REQUIRE_CONFORMANCE=1, unless
// REALM_CONFORMANCE_DIR/relative exists.
#define REALM_NEED_CONFORMANCE(relative)                                                                     \
    do {                                                                                                     \
        const QByteArray realmMissing_ = ::realm::test::missingConformance(relative);                        \
        if (!realmMissing_.isEmpty()) {                                                                      \
            if (::realm::test::conformanceRequired()) QFAIL(realmMissing_.constData());                      \
            QSKIP(realmMissing_.constData());                                                                \
        }                                                                                                    \
    } while (false)
