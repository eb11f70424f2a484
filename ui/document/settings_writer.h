#pragma once
#include <QList>
#include <QString>
#include <QVariant>

#include <utility>

namespace realm::ui {

// Sets these QSettings keys from a pool thread: a QSettings write fsyncs a lock file and the
// settings file, 20-110 ms on a busy disk, which the UI thread must not wait for. The
// application waits for the global pool when it quits, so the write is not lost.
void writeSettingsInBackground(QList<std::pair<QString, QVariant>> values);

} // namespace realm::ui
