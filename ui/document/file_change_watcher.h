#pragma once
#include <QObject>

#include <memory>

class QFileSystemWatcher;

namespace realm {
class GgufFile;
}

namespace realm::ui {

// Watches the open model file (and its folder, to see it replaced by a rename) and reports
// once when the file on disk is no longer the one mapped: modified, replaced, truncated or
// removed; and once more if a file reported as changed is later truncated. A truncated file
// is the dangerous case: pages of the mapping past its new end raise SIGBUS.
class FileChangeWatcher : public QObject {
    Q_OBJECT
  public:
    explicit FileChangeWatcher(QObject* parent = nullptr);
    ~FileChangeWatcher() override;

    // nullptr stops watching. Watching a file resets the "reported" state.
    void watch(std::shared_ptr<const GgufFile> file);
    bool hasChanged() const { return state_ != State::Same; }
    bool isTruncated() const { return state_ == State::Truncated; }
    // Looks now (also called on every watcher event).
    void check();

  Q_SIGNALS:
    // what: one sentence for a person ("truncated to 12 bytes (was 1,160,000)").
    void changed(const QString& what, bool truncated);

  private:
    QFileSystemWatcher* watcher_;
    std::shared_ptr<const GgufFile> file_;
    enum class State { Same, Changed, Truncated } state_ = State::Same;
};

} // namespace realm::ui
