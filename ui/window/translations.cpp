#include "window/translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QTranslator>

namespace realm::ui {

QStringList translationDirs() {
    QStringList dirs{QDir(QCoreApplication::applicationDirPath())
                         .absoluteFilePath(QStringLiteral("../share/realm-studio/translations"))};
#ifdef REALM_BUILD_TRANSLATIONS_DIR
    dirs << QStringLiteral(REALM_BUILD_TRANSLATIONS_DIR);
#endif
    return dirs;
}

QString installTranslations(const QLocale& locale, const QStringList& dirs) {
    auto* qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    for (const QString& dir : dirs) {
        auto* app = new QTranslator(QCoreApplication::instance());
        // Tries realm-studio_de_DE.qm, then realm-studio_de.qm, for each of the locale's UI languages.
        if (app->load(locale, QStringLiteral("realm-studio"), QStringLiteral("_"), dir)) {
            QCoreApplication::installTranslator(app);
            return app->filePath();
        }
        delete app;
    }
    return {};
}

} // namespace realm::ui
