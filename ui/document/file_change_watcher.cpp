#include "document/file_change_watcher.h"

#include "gguf/gguf_file.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QPointer>

namespace realm::ui {

namespace {
// Closing an inotify descriptor waits for the kernel to retire its watches (4-5 ms of the UI
// thread when a model is replaced), so the last watcher is kept, emptied, for the next one.
QPointer<QFileSystemWatcher>& spareWatcher() {
    static QPointer<QFileSystemWatcher> spare;
    return spare;
}
} // namespace

FileChangeWatcher::FileChangeWatcher(QObject* parent) : QObject(parent) {
    if (QFileSystemWatcher* spare = spareWatcher()) {
        spareWatcher() = nullptr;
        watcher_ = spare;
        watcher_->setParent(this);
    } else {
        watcher_ = new QFileSystemWatcher(this);
    }
    connect(watcher_, &QFileSystemWatcher::fileChanged, this, &FileChangeWatcher::check);
    connect(watcher_, &QFileSystemWatcher::directoryChanged, this, &FileChangeWatcher::check);
}

FileChangeWatcher::~FileChangeWatcher() {
    if (spareWatcher() || !QCoreApplication::instance()) return; // deleted with this object
    watcher_->disconnect(this);
    watch(nullptr);
    watcher_->setParent(QCoreApplication::instance());
    spareWatcher() = watcher_;
}

void FileChangeWatcher::watch(std::shared_ptr<const GgufFile> file) {
    if (!watcher_->files().isEmpty()) watcher_->removePaths(watcher_->files());
    if (!watcher_->directories().isEmpty()) watcher_->removePaths(watcher_->directories());
    file_ = std::move(file);
    state_ = State::Same;
    if (!file_) return;
    const QString path = QString::fromStdString(file_->path());
    watcher_->addPath(path);
    watcher_->addPath(QFileInfo(path).absolutePath());
}

void FileChangeWatcher::check() {
    if (!file_ || state_ == State::Truncated) return;
    const QString path = QString::fromStdString(file_->path());
    // A file replaced by a rename drops out of the watch list: follow the new one.
    if (!watcher_->files().contains(path) && QFileInfo::exists(path)) watcher_->addPath(path);
    if (!file_->mapping().changedOnDisk()) return;
    bool truncated = false;
    QString what;
    try {
        file_->mapping().checkIntact();
        const QFileInfo now(path);
        what = now.exists()
                   ? QStringLiteral(
                         "%1 was modified or replaced on disk; the open model still shows the old contents.")
                         .arg(path)
                   : tr("%1 was removed or renamed; the open model still shows the old contents.").arg(path);
    } catch (const std::exception& e) {
        // Truncated in place: the mapping now reaches past the end of the file.
        truncated = true;
        what = QString::fromUtf8(e.what());
    }
    const State next = truncated ? State::Truncated : State::Changed;
    if (next == state_) return;
    state_ = next;
    Q_EMIT changed(what, truncated);
}

} // namespace realm::ui
