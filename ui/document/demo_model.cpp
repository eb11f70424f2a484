#include "document/demo_model.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace realm::ui {

QString findDemoModel() {
    const QString bin = QCoreApplication::applicationDirPath();
    QStringList candidates{QDir(bin).filePath(QStringLiteral("../share/realm-studio/demo.gguf"))};
#ifdef REALM_SOURCE_DIR
    candidates << QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf");
#endif
    // A build tree sits one or two levels under the source tree (build-x/bin/realm-studio).
    candidates << QDir(bin).filePath(QStringLiteral("../../resources/demo.gguf"));
    for (const QString& c : candidates)
        if (QFileInfo(c).isFile()) return QFileInfo(c).canonicalFilePath();
    return {};
}

} // namespace realm::ui
