#pragma once
#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <optional>
#include <vector>

class QAction;
class QLabel;
class QListWidget;
class QMenu;
class QMimeData;
class QStackedWidget;
class QToolButton;

namespace realm::ui {

class ProgressLine;
class ChatEngine;
class DownloadPanel;
class DropOverlay;
class ErrorBanner;
class FileChangeWatcher;
class ImatrixStore;
class LayerStepper;
class MemorySampleModel;
class MemorySampler;
class ModelDocument;
class ModelSession;
class Page;
class Sparkline;
class StartPage;

// One model per window: a header with the model's identity and load progress, an error banner,
// a sidebar of pages (pages/page_registry.cpp), the page stack and a status bar with live
// memory figures. The open model and everything tied to it is the ModelDocument.
class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // A path, or an http(s) URL read with range requests (the pages that run the model offer
    // to download it). A failed open keeps the model that was open.
    void openFile(const QString& path);
    void closeModel();
    // Opens the most recent file when the person chose "Reopen Last Model at Start"; false if not.
    bool reopenLastModel();
    // Window geometry, the page shown, and each page's splitters, tabs and sort orders.
    void saveSession() const;
    // The header's Cancel: stops a load in flight (keeping the open model) and tensor statistics.
    void cancelWork();
    // Opens the open model's file again (after it changed on disk).
    void reload();
    // Context length for chat and the layer stepper (remembered; capped by the model's own).
    // With a model open, its engines restart with the new length.
    void setContextLength(qint64 tokens);
    qint64 contextLength() const; // of the open model's engines
    // Replaces MemAvailable in the memory check before loading (tests; nullopt: the real value).
    void setAvailableMemoryOverride(std::optional<quint64> bytes) { availableOverride_ = bytes; }
    // By the page's registry id ("tensors"); false for an unknown id.
    bool showPage(const QString& id);
    QString currentPage() const;
    template <typename P> P* page() const {
        for (Page* p : pages_)
            if (auto* typed = qobject_cast<P*>(p)) return typed;
        return nullptr;
    }

    ModelDocument* document() const { return document_; } // the open model, or nullptr
    ModelSession* session() const;
    ChatEngine* chatEngine() const;
    LayerStepper* layerStepper() const;
    FileChangeWatcher* fileWatcher() const;
    bool isLoading() const { return !pending_.isNull(); }
    ModelSession* pendingSession() const; // the model being loaded, or nullptr
    ErrorBanner* errorBanner() const { return banner_; }
    MemorySampleModel* memoryModel() const { return memoryModel_; }
    MemorySampler* memorySampler() const { return sampler_; }
    ImatrixStore* imatrixStore() const { return imatrix_; }
    DropOverlay* dropOverlay() const { return overlay_; }
    DownloadPanel* downloadPanel() const { return download_; }
    QWidget* currentView() const; // the page shown, or the download panel in its place
    QAction* reloadAction() const { return reload_; }
    QAction* reopenLastAction() const { return reopenLast_; }
    QString headerText() const;

  Q_SIGNALS:
    void modelLoaded(const QString& path);
    void loadFailed(const QString& path, const QString& error);

  protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

  private:
    void buildMenus();
    void adopt(ModelSession* session);
    // The one place a document is replaced: pages let go, the old document is deleted (its
    // own teardown), then pages take the new one (see attachPagesLater). nullptr closes.
    void setDocument(ModelDocument* document);
    // The pages not shown take the new document one per event-loop turn (together they took
    // 8-15 ms of the UI thread as an 8B model opened: a dropped frame); the one shown, or asked
    // for, at once. Then the engines start and modelLoaded is emitted.
    void attachPagesLater(const QString& path);
    void attachNow(Page* page);
    void addRecent(const QString& path);
    void refreshRecent();
    void showRecent(const QStringList& recent);
    void updateHeader();
    void updateProgress(); // the header's bar and Cancel: a load or statistics running
    void askOpen();
    void askOpenUrl();
    // Shows sidebar row `row`: its page, or for a remote model the download panel in place of a
    // page that runs the model.
    void showRow(int row);
    void onFileChanged(const QString& what, bool truncated);
    void startEngines();
    void cancelLoad();
    void release(); // cancels a load and closes the document, joining every worker thread
    static QString droppedPath(const QMimeData* mime, QString* why);

    ModelDocument* document_ = nullptr;
    QPointer<ModelSession> pending_;
    QLabel* header_;
    ProgressLine* progress_;
    QToolButton* cancel_;
    ErrorBanner* banner_;
    QListWidget* sidebar_;
    QStackedWidget* stack_;
    StartPage* start_;
    DownloadPanel* download_;
    std::vector<Page*> pages_;      // in registry order: sidebar row i is pages_[i]
    std::vector<Page*> unattached_; // pages still to take document_
    MemorySampleModel* memoryModel_;
    MemorySampler* sampler_;
    ImatrixStore* imatrix_;
    Sparkline* sparkline_;
    QLabel* memoryLabel_;
    DropOverlay* overlay_;
    QMenu* recentMenu_;
    QAction* reload_ = nullptr;
    QAction* reopenLast_ = nullptr;
    std::function<void()> bannerAction_; // what the banner's button does now
    std::optional<quint64> availableOverride_;
};

} // namespace realm::ui
