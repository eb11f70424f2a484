// The desktop files as `cmake --install --component desktop` lays them out: one application id
// names the desktop file, its icon and StartupWMClass, the AppStream component and launchable,
// the installed icon, and what the running app tells the window system; the metainfo passes
// AppStream's pedantic validation.
#include "window/app_identity.h"

#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

class TestPackagingIdentity : public QObject {
    Q_OBJECT
    QTemporaryDir prefix_;

    QString installed(const QString& relative) const { return prefix_.filePath(relative); }

    // "Key=value" lines of the [Desktop Entry] group.
    static QMap<QString, QString> desktopEntry(const QString& path) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) return {};
        QMap<QString, QString> entry;
        for (const QByteArray& line : f.readAll().split('\n')) {
            const int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith('#'))
                entry.insert(QString::fromUtf8(line.left(eq)), QString::fromUtf8(line.mid(eq + 1)));
        }
        return entry;
    }

    // The text of each element named `name` in an XML file.
    static QStringList elementTexts(const QString& path, const QString& name) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) return {};
        QXmlStreamReader xml(&f);
        QStringList texts;
        while (xml.readNextStartElement() || !xml.atEnd()) {
            if (xml.isStartElement() && xml.name() == name)
                texts << xml.readElementText();
            else
                xml.readNext();
        }
        return texts;
    }

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // setApplicationIdentity moves settings in the test home
        QVERIFY(prefix_.isValid());
        QProcess install;
        install.start(QStringLiteral(REALM_CMAKE_COMMAND),
                      {QStringLiteral("--install"), QStringLiteral(REALM_BUILD_DIR),
                       QStringLiteral("--prefix"), prefix_.path(), QStringLiteral("--component"),
                       QStringLiteral("desktop")});
        QVERIFY(install.waitForFinished(60000));
        QVERIFY2(install.exitCode() == 0, install.readAllStandardError().constData());
    }

    void oneAppIdEverywhere() {
        const QString id = realm::ui::appId();
        QVERIFY(id.contains(QLatin1Char('.')));
        const QString desktop = installed(QStringLiteral("share/applications/%1.desktop").arg(id));
        QVERIFY2(QFileInfo::exists(desktop), qPrintable(desktop));
        const QMap<QString, QString> entry = desktopEntry(desktop);
        QCOMPARE(entry.value(QStringLiteral("Icon")), id);
        QCOMPARE(entry.value(QStringLiteral("StartupWMClass")), id);
        QVERIFY(
            QFileInfo::exists(installed(QStringLiteral("share/icons/hicolor/scalable/apps/%1.svg").arg(id))));
        QVERIFY(QFileInfo::exists(installed(QStringLiteral("share/mime/packages/%1.xml").arg(id))));

        const QString metainfo = installed(QStringLiteral("share/metainfo/%1.metainfo.xml").arg(id));
        QVERIFY2(QFileInfo::exists(metainfo), qPrintable(metainfo));
        QCOMPARE(elementTexts(metainfo, QStringLiteral("launchable")),
                 QStringList{id + QStringLiteral(".desktop")});
        QVERIFY(elementTexts(metainfo, QStringLiteral("id")).contains(id));

        // What the app tells the window system: the Wayland app id is the desktop file name,
        // and Qt's X11 WM_CLASS class is the application name.
        realm::ui::setApplicationIdentity();
        QCOMPARE(QGuiApplication::desktopFileName(), id);
        QCOMPARE(QCoreApplication::applicationName(), entry.value(QStringLiteral("StartupWMClass")));
    }

    void metainfoPassesPedanticValidation() {
        const QString appstreamcli = QStandardPaths::findExecutable(QStringLiteral("appstreamcli"));
        if (appstreamcli.isEmpty()) QSKIP("appstreamcli is not installed (Debian package appstream)");
        QProcess validate;
        validate.start(appstreamcli,
                       {QStringLiteral("validate"), QStringLiteral("--pedantic"), QStringLiteral("--no-net"),
                        installed(QStringLiteral("share/metainfo/%1.metainfo.xml").arg(realm::ui::appId()))});
        QVERIFY(validate.waitForFinished(60000));
        const QString out = QString::fromUtf8(validate.readAllStandardOutput());
        QVERIFY2(validate.exitCode() == 0, qPrintable(out));
        // Errors, warnings and pedantic notes fail. Debian 12's appstream 0.16 does not know
        // AppStream 1.0's <developer id> yet and only notes that as information.
        QVERIFY2(!out.contains(
                     QRegularExpression(QStringLiteral("^[EWP]: "), QRegularExpression::MultilineOption)),
                 qPrintable(out));
    }
};

QTEST_MAIN(TestPackagingIdentity)
#include "tst_packaging_identity.moc"
