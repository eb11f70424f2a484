// (No raw string literals here: moc 6.4 loses the class after them.)
// API keys of chat servers in a real system keychain: a private D-Bus session bus with
// gnome-keyring's Secret Service on it (its keyring files in a temporary home, so a user's own
// keychain is never touched), started by the test. A key saved by one ApiKeyStore is read by
// another and by another process, is deleted by an empty key, a window opened later chats with
// an API-key-protected `realm-cli serve` using the key from the keychain alone (the settings
// file never holds it), and the key survives a restart of the keychain service, encrypted on disk.
#include "chat_reply.h"
#include "serve_process.h"

#include "document/api_key_store.h"
#include "jobs/chat_engine.h"
#include "jobs/remote_chat.h"
#include "pages/chat_page.h"
#include "widgets/chat_backend_panel.h"
#include "window/main_window.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QDirIterator>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <sys/prctl.h>

using namespace realm::ui;
using realm::test::Server;

namespace {

const QString SecretService = QStringLiteral("org.freedesktop.secrets");

// dbus-daemon and gnome-keyring-daemon as children of the test, on a bus of their own.
class PrivateKeyring {
  public:
    // Empty when it runs; otherwise why not.
    QString start() {
        const QString dbus = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
        const QString keyring = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
        if (dbus.isEmpty() || keyring.isEmpty())
            return QStringLiteral(
                "dbus-daemon or gnome-keyring-daemon is not installed (packages dbus-daemon, "
                "gnome-keyring; setup.sh's test lane installs them)");
        if (!dir_.isValid() || !QDir(dir_.path()).mkpath(QStringLiteral("run")) ||
            !QDir(dir_.path()).mkpath(QStringLiteral("home")))
            return QStringLiteral("no temporary directory");
        QFile::setPermissions(runDir(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        bus_.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        bus_.start(dbus,
                   {QStringLiteral("--session"), QStringLiteral("--nofork"),
                    QStringLiteral("--print-address=1"), QStringLiteral("--address=unix:dir=") + runDir()});
        QByteArray out;
        QElapsedTimer t;
        t.start();
        while (!out.contains('\n') && t.elapsed() < 10000 && bus_.state() != QProcess::NotRunning) {
            bus_.waitForReadyRead(100);
            out += bus_.readAllStandardOutput();
        }
        address_ = QString::fromUtf8(out.trimmed());
        if (address_.isEmpty()) return QStringLiteral("dbus-daemon did not print its address");
        // Before this process's first D-Bus connection (Qt's and libsecret's read it then).
        qputenv("DBUS_SESSION_BUS_ADDRESS", address_.toUtf8());
        return startKeyring();
    }

    // gnome-keyring's secrets component, its login keyring unlocked with a password on stdin
    // (created on the first start, read back from the temporary home on later ones).
    QString startKeyring() {
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        env.insert(QStringLiteral("HOME"), dir_.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runDir());
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address_);
        keyring_.setProcessEnvironment(env);
        keyring_.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        keyring_.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        keyring_.start(QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon")),
                       {QStringLiteral("--foreground"), QStringLiteral("--unlock"),
                        QStringLiteral("--components=secrets")});
        keyring_.write("test-password");
        keyring_.closeWriteChannel();
        QDBusConnectionInterface* bus = QDBusConnection::sessionBus().interface();
        if (!bus) return QStringLiteral("could not connect to the private session bus at ") + address_;
        if (!QTest::qWaitFor([&] { return bus->isServiceRegistered(SecretService).value(); }, 20000))
            return QStringLiteral("gnome-keyring-daemon did not take %1 on the bus").arg(SecretService);
        return {};
    }

    void stopKeyring() {
        keyring_.terminate();
        if (!keyring_.waitForFinished(10000)) keyring_.kill();
        keyring_.waitForFinished(5000);
        QDBusConnectionInterface* bus = QDBusConnection::sessionBus().interface();
        (void)QTest::qWaitFor([&] { return !bus->isServiceRegistered(SecretService).value(); }, 10000);
    }

    bool keyringRunning() const { return keyring_.state() == QProcess::Running; }

    // Every byte the keychain keeps on disk.
    QByteArray filesOnDisk() const {
        QByteArray all;
        QDirIterator it(dir_.filePath(QStringLiteral("home")), QDir::Files | QDir::Hidden,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly)) all += f.readAll();
        }
        return all;
    }

    ~PrivateKeyring() {
        if (keyring_.state() != QProcess::NotRunning) stopKeyring();
        bus_.terminate();
        if (!bus_.waitForFinished(5000)) bus_.kill();
    }

  private:
    QString runDir() const { return dir_.filePath(QStringLiteral("run")); }

    QTemporaryDir dir_;
    QString address_;
    QProcess bus_;
    QProcess keyring_;
};

struct Loaded {
    QString key, problem;
};

Loaded loadKey(const QString& url) {
    ApiKeyStore store;
    QSignalSpy loaded(&store, &ApiKeyStore::loaded);
    store.load(url);
    if (!loaded.wait(20000)) return {{}, QStringLiteral("no answer from the keychain in 20 s")};
    return {loaded.first().at(1).toString(), loaded.first().at(2).toString()};
}

// The key as another process reads it: this executable run with --read-key URL.
Loaded loadKeyInAnotherProcess(const QString& url) {
    QProcess p;
    p.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--read-key"), url});
    if (!p.waitForFinished(30000) || p.exitCode() != 0) return {{}, QStringLiteral("--read-key failed")};
    const QStringList lines = QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'));
    return {lines.value(0), lines.value(1)};
}

QString saveKey(const QString& url, const QString& key) {
    ApiKeyStore store;
    QSignalSpy saved(&store, &ApiKeyStore::saved);
    store.save(url, key);
    if (!saved.wait(20000)) return QStringLiteral("no answer from the keychain in 20 s");
    return saved.first().at(1).toString();
}

} // namespace

class TestKeychain : public QObject {
    Q_OBJECT
    PrivateKeyring keyring_;

  private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_keychain"));
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        const QString why = keyring_.start();
        if (!why.isEmpty()) QSKIP(qPrintable(QStringLiteral("no Secret Service to test with: ") + why));
    }

    void cleanupTestCase() { QSettings().clear(); }

    // Saved by one store, read by another and by another process; another server has no key;
    // an empty key deletes it.
    void keyRoundTrip() {
        const QString url = QStringLiteral("http://192.0.2.7:8080");
        const QString secret =
            QStringLiteral("sk-test-%1-round-trip").arg(QCoreApplication::applicationPid());
        const Loaded none = loadKey(url); // nothing stored yet, and that is not a problem
        QCOMPARE(none.key, QString());
        QCOMPARE(none.problem, QString());
        QCOMPARE(saveKey(url, secret), QString());
        const Loaded back = loadKey(url);
        QCOMPARE(back.problem, QString());
        QCOMPARE(back.key, secret);
        const Loaded there = loadKeyInAnotherProcess(url);
        QCOMPARE(there.problem, QString());
        QCOMPARE(there.key, secret);
        QCOMPARE(loadKey(QStringLiteral("http://192.0.2.7:8081")).key, QString());

        QCOMPARE(saveKey(url, QString()), QString());
        const Loaded gone = loadKey(url);
        QCOMPARE(gone.problem, QString());
        QCOMPARE(gone.key, QString());
        QCOMPARE(loadKeyInAnotherProcess(url).key, QString());
    }

    // The key typed into one window is what a window opened later uses, from the keychain:
    // it lists the API-key-protected server's models and chats without the key typed again.
    void windowOpenedLaterUsesStoredKey() {
        if (!QFile::exists(realm::test::cli())) QSKIP("realm-cli is not built in this build tree");
        const QString secret = QStringLiteral("sesame-%1-window").arg(QCoreApplication::applicationPid());
        Server server;
        QVERIFY(server.start({QStringLiteral("--api-key"), secret}));
        {
            MainWindow w;
            w.show();
            ChatBackendPanel* panel = w.page<ChatPage>()->backendPanel();
            QSignalSpy listed(panel, &ChatBackendPanel::modelsListed);
            panel->setRemote(true);
            panel->setServer(server.url());
            QVERIFY(listed.wait(15000));
            QVERIFY2(listed.last().at(1).toString().contains(QStringLiteral("401")),
                     qPrintable(listed.last().at(1).toString()));
            listed.clear();
            panel->setApiKey(secret);
            QVERIFY(listed.wait(15000));
            QCOMPARE(listed.last().at(1).toString(), QString());
            QVERIFY2(!panel->note().contains(QStringLiteral("session only")), qPrintable(panel->note()));
        }
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stored = file.readAll();
        QVERIFY(stored.contains(server.url().toUtf8())); // the server is remembered…
        QVERIFY(!stored.contains(secret.toUtf8()));      // …its key is not, there

        MainWindow later;
        later.show();
        later.openFile(realm::test::demoModel());
        ChatPage* chat = later.page<ChatPage>();
        ChatBackendPanel* panel = chat->backendPanel();
        QVERIFY(panel->isRemote());
        QTRY_COMPARE_WITH_TIMEOUT(panel->keyEdit()->text(), secret, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(chat->remoteChat()->isReady(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(panel->note().startsWith(QStringLiteral("Models listed: 1.")), 20000);

        const ChatReply reply = realm::test::greedyReply(chat, QStringLiteral("Hello"));
        QVERIFY2(reply.error.isEmpty() && !reply.text.isEmpty(), qPrintable(reply.error));
    }

    // The keychain keeps the key on disk, encrypted: after its service restarts, a process
    // started then reads it. (Last: this process's libsecret session ends with the old service.)
    void keySurvivesKeychainRestart() {
        const QString url = QStringLiteral("http://192.0.2.9:8080");
        const QString secret = QStringLiteral("sk-test-%1-persisted").arg(QCoreApplication::applicationPid());
        QCOMPARE(saveKey(url, secret), QString());
        keyring_.stopKeyring();
        QVERIFY(!keyring_.keyringRunning());
        const QByteArray disk = keyring_.filesOnDisk();
        QVERIFY2(!disk.isEmpty(), "the keychain wrote nothing to disk");
        QVERIFY(!disk.contains(secret.toUtf8()));
        const QString why = keyring_.startKeyring();
        QVERIFY2(why.isEmpty(), qPrintable(why));
        const Loaded after = loadKeyInAnotherProcess(url);
        QCOMPARE(after.problem, QString());
        QCOMPARE(after.key, secret);
    }
};

int main(int argc, char** argv) {
    if (argc == 3 && qstrcmp(argv[1], "--read-key") == 0) {
        QCoreApplication app(argc, argv);
        const Loaded loaded = loadKey(QString::fromUtf8(argv[2]));
        std::printf("%s\n%s\n", qPrintable(loaded.key), qPrintable(loaded.problem));
        return 0;
    }
    QApplication app(argc, argv);
    TestKeychain test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_ui_keychain.moc"
