#include "document/settings_writer.h"

#include "jobs/background_pool.h"

#include <QSettings>
#include <QThreadPool>

namespace realm::ui {

void writeSettingsInBackground(QList<std::pair<QString, QVariant>> values) {
    backgroundPool()->start([values = std::move(values)] {
        runBelowTheUiThread();
        QSettings settings;
        for (const auto& [key, value] : values)
            settings.setValue(key, value);
    });
}

} // namespace realm::ui
