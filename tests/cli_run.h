#pragma once
// Runs the built realm-cli from a test and checks its one-line errors.
#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QTest>

namespace realm::test {

struct CliResult {
    int exitCode;
    QByteArray out, err;
};

inline CliResult runCli(const QStringList& args, int timeoutMs = 300000) {
    QProcess p;
    p.start(QStringLiteral(REALM_BIN_DIR "/realm-cli"), args);
    p.waitForFinished(timeoutMs);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

} // namespace realm::test

// Exit 1 and exactly one line on stderr that contains `what`.
#define REALM_EXPECT_ONE_LINE_ERROR(result, what)                                                            \
    do {                                                                                                     \
        const ::realm::test::CliResult& realmR_ = (result);                                                  \
        QCOMPARE(realmR_.exitCode, 1);                                                                       \
        QVERIFY2(realmR_.err.count('\n') == 1, realmR_.err.constData());                                     \
        QVERIFY2(realmR_.err.contains(what), realmR_.err.constData());                                       \
    } while (false)
