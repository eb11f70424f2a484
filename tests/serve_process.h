#pragma once
// `realm-cli serve` run by a test on an ephemeral loopback port (tst_cli_serve, tst_ui_remote_chat).
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <csignal>
#include <sys/prctl.h>

namespace realm::test {

inline QString cli() {
    return QStringLiteral(REALM_BIN_DIR "/realm-cli");
}
inline QString demoModel() {
    return QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf");
}

// A `realm-cli serve` on an ephemeral port; stderr goes to a file the tests read.
class Server {
  public:
    bool start(const QStringList& extra, const QString& model = demoModel()) {
        errPath_ = dir_.filePath(QStringLiteral("serve.err"));
        process_.setStandardErrorFile(errPath_);
        // A test that crashes must not leave the server running.
        process_.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        process_.start(cli(), QStringList{QStringLiteral("serve"), model, QStringLiteral("--port"),
                                          QStringLiteral("0"), QStringLiteral("-t"), QStringLiteral("1")} +
                                  extra);
        QElapsedTimer t;
        t.start();
        QByteArray out;
        while (t.elapsed() < 60000 && process_.state() != QProcess::NotRunning) {
            process_.waitForReadyRead(100);
            out += process_.readAllStandardOutput();
            const qsizetype at = out.indexOf("http://127.0.0.1:");
            if (at >= 0 && out.indexOf('/', at + 17) > 0) {
                port_ = out.mid(at + 17, out.indexOf('/', at + 17) - at - 17).toInt();
                return port_ > 0;
            }
        }
        return false;
    }
    // SIGTERM, then the exit status (-1 when it did not end within 60 s or crashed; a sanitizer
    // report makes it non-zero). The sanitizer builds need the minute for a token of the slow model.
    int stop() {
        if (process_.state() == QProcess::NotRunning) return -1;
        process_.terminate();
        if (!process_.waitForFinished(60000)) {
            process_.kill();
            process_.waitForFinished(5000);
            return -1;
        }
        return process_.exitStatus() == QProcess::NormalExit ? process_.exitCode() : -1;
    }
    ~Server() {
        if (process_.state() != QProcess::NotRunning) stop();
    }
    int port() const { return port_; }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port_); }
    // SIGKILL: the server dies at once, in the middle of whatever it was writing.
    void kill() {
        process_.kill();
        process_.waitForFinished(5000);
    }
    bool running() const { return process_.state() == QProcess::Running; }
    QByteArray log() const {
        QFile f(errPath_);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

  private:
    QTemporaryDir dir_;
    QString errPath_;
    QProcess process_;
    int port_ = 0;
};

} // namespace realm::test
