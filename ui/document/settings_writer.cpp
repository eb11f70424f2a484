#include "document/settings_writer.h"

#include "jobs/background_priority.h"

#include <QSettings>
#include <QThreadPool>

namespace realm::ui {

void writeSettingsInBackground(QList<std::pair<QString, QVariant>> values) {
    QThreadPool::globalInstance()->start([values = std::move(values)] {
        runBelowTheUiThread();
        QSettings settings;
        for (const auto& [key, value] : values)
            settings.setValue(key, value);
    });
}

} // namespace realm::ui
