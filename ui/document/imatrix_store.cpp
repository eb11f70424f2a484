#include "document/imatrix_store.h"

#include <QFileInfo>
#include <QSettings>

namespace realm::ui {

namespace {
const QString LastFileKey = QStringLiteral("imatrix/lastFile");
} // namespace

ImatrixStore::ImatrixStore(QObject* parent) : QObject(parent), jobs_(std::make_unique<JobQueue>(1)) {}

ImatrixStore::~ImatrixStore() {
    jobs_.reset();
}

QString ImatrixStore::path() const {
    return current_ ? QString::fromStdString(current_->matrix.path) : QString();
}

void ImatrixStore::open(const QString& path) {
    if (loading_++ == 0) Q_EMIT loadingChanged(true);
    const auto finished = [this] {
        if (--loading_ == 0) Q_EMIT loadingChanged(false);
    };
    JobSpec spec;
    spec.strand = this; // one read at a time, in order: the file asked for last wins
    jobs_->run(
        spec, this,
        [path = path.toStdString()](const JobControl&) {
            auto loaded = std::make_shared<LoadedImatrix>();
            loaded->matrix = readImatrix(path);
            for (const ImatrixEntry& e : loaded->matrix.entries)
                loaded->stats.push_back(imatrixStats(e));
            return std::shared_ptr<const LoadedImatrix>(std::move(loaded));
        },
        [this, finished](std::shared_ptr<const LoadedImatrix> loaded) {
            finished();
            current_ = std::move(loaded);
            QSettings().setValue(LastFileKey, QFileInfo(this->path()).absoluteFilePath());
            Q_EMIT changed();
        },
        [this, finished, path](const QString& error) {
            finished();
            Q_EMIT failed(path, error);
        });
}

bool ImatrixStore::reopenLast() {
    const QString last = QSettings().value(LastFileKey).toString();
    if (last.isEmpty() || !QFileInfo::exists(last)) return false;
    open(last);
    return true;
}

} // namespace realm::ui
