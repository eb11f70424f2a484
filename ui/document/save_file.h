#pragma once
#include <QByteArray>
#include <QString>

namespace realm::ui {

// Writes `data` to `path` through a temporary file that is renamed over it only when every
// byte reached the disk, so a full disk, a size limit or a crash leaves the old file or none,
// never half a file. (QSaveFile alone is not enough in Qt 6.4: when the final flush is cut
// short, commit() still renames the truncated file.)
bool saveFileAtomically(const QString& path, const QByteArray& data, QString* error = nullptr);

} // namespace realm::ui
