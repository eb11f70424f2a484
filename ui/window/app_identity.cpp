#include "window/app_identity.h"

#include "realm_version.h"

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QSettings>
#include <QStandardPaths>

namespace realm::ui {

namespace {
const QString Organization = QStringLiteral("realm-studio");
const QString OldApplicationName = QStringLiteral("realm-studio"); // release 0.1.0

void moveOldSettingsAndData() {
    QSettings current;
    QSettings old(Organization, OldApplicationName);
    if (current.allKeys().isEmpty() && !old.allKeys().isEmpty()) {
        const QStringList keys = old.allKeys();
        for (const QString& key : keys)
            current.setValue(key, old.value(key));
    }
    const QString data = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    const QString oldData = data + QLatin1Char('/') + Organization + QLatin1Char('/') + OldApplicationName;
    const QString newData = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (QFileInfo(oldData).isDir() && !QFileInfo::exists(newData)) QDir().rename(oldData, newData);
}
} // namespace

QString appId() {
    return QStringLiteral(REALM_APP_ID);
}

void setApplicationIdentity() {
    QCoreApplication::setOrganizationName(Organization);
    QCoreApplication::setApplicationName(appId());
    QCoreApplication::setApplicationVersion(QStringLiteral(REALM_VERSION_STRING));
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance())) {
        // untranslated: the product name
        QGuiApplication::setApplicationDisplayName(QStringLiteral("Realm Studio"));
        QGuiApplication::setDesktopFileName(appId());
    }
    moveOldSettingsAndData();
}

} // namespace realm::ui
