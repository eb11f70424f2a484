#include "document/save_file.h"

#include <QSaveFile>

namespace realm::ui {

bool saveFileAtomically(const QString& path, const QByteArray& data, QString* error) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        if (error) *error = f.errorString();
        return false;
    }
    // Flush and compare sizes before committing: a short write must never be renamed into place.
    if (f.write(data) != data.size() || !f.flush() || f.size() != data.size()) {
        if (error) *error = f.errorString();
        f.cancelWriting(); // the temporary file is removed, the target untouched
        return false;
    }
    if (!f.commit()) {
        if (error) *error = f.errorString();
        return false;
    }
    return true;
}

} // namespace realm::ui
