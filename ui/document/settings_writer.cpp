#include "document/settings_writer.h"

#include <QSettings>
#include <QThreadPool>

namespace realm::ui {

void writeSettingsInBackground(QList<std::pair<QString, QVariant>> values) {
    QThreadPool::globalInstance()->start([values = std::move(values)] {
        QSettings settings;
        for (const auto& [key, value] : values)
            settings.setValue(key, value);
    });
}

} // namespace realm::ui
