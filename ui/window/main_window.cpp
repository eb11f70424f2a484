#include "window/main_window.h"

#include "document/demo_model.h"
#include "document/imatrix_store.h"
#include "document/memory_check.h"
#include "document/model_document.h"
#include "document/model_session.h"
#include "document/settings_writer.h"
#include "jobs/memory_sampler.h"
#include "jobs/next_turn.h"
#include "jobs/release_in_background.h"
#include "models/memory_sample_model.h"
#include "pages/imatrix_page.h"
#include "pages/page.h"
#include "pages/page_registry.h"
#include "pages/start_page.h"
#include "remote/http_get.h"
#include "remote/remote_file.h"
#include "text/format.h"
#include "widgets/download_panel.h"
#include "widgets/drop_overlay.h"
#include "widgets/error_banner.h"
#include "widgets/layout_helpers.h"
#include "widgets/page_icons.h"
#include "widgets/progress_line.h"
#include "widgets/sparkline.h"
#include "window/view_state.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWhatsThis>

namespace realm::ui {

namespace {
// The pages fill the window whatever height their text needs at a width, and the window's size
// follows the page shown. QStackedLayout sizes itself by asking every page, hidden ones too, for
// its height at a width: each relayout of the window laid out the word-wrapped labels of all
// pages (25-30 ms of UI thread when a model opens at 8B).
class PageStack : public QStackedWidget {
  public:
    PageStack() {
        connect(this, &QStackedWidget::currentChanged, this, [this] { updateGeometry(); });
    }
    bool hasHeightForWidth() const override { return false; }
    QSize sizeHint() const override { return currentWidget() ? currentWidget()->sizeHint() : QSize(); }
    QSize minimumSizeHint() const override {
        return currentWidget() ? currentWidget()->minimumSizeHint() : QSize();
    }
};

constexpr int MaxRecent = 10;
// Chat and the layer stepper run at this context unless the person chose another: enough for
// long conversations, small enough that a 128k-context model does not reserve gigabytes of KV.
constexpr qint64 DefaultContext = 4096;
const QString ViewStateGroup = QStringLiteral("view/");
const QString LastPageKey = QStringLiteral("window/page");
const QString ReopenLastKey = QStringLiteral("session/reopenLastModel");
qint64 contextSetting() {
    return QSettings().value(QStringLiteral("engine/contextLength"), DefaultContext).toLongLong();
}
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Realm Studio"));
    setWindowIcon(pageIcon(PageIcon::App));
    setAcceptDrops(true);

    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    // Header: what is open, and progress while work runs.
    auto* headerBox = new QWidget;
    auto* headerLayout = new QHBoxLayout(headerBox);
    headerLayout->setContentsMargins(10, 6, 10, 6);
    header_ = new QLabel(tr("No model open"));
    header_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    headerLayout->addWidget(header_, 1);
    progress_ = new ProgressLine;
    progress_->setMaximumWidth(160);
    progress_->setMaximumHeight(10);
    progress_->setTextVisible(false);
    cancel_ = new QToolButton;
    cancel_->setText(tr("Cancel"));
    // The header keeps its height whether work runs or not: the pages below must not jump.
    for (QWidget* w : {static_cast<QWidget*>(progress_), static_cast<QWidget*>(cancel_)}) {
        keepSpaceWhenHidden(w);
        w->hide();
    }
    headerLayout->addWidget(progress_);
    headerLayout->addWidget(cancel_);
    layout->addWidget(headerBox);

    banner_ = new ErrorBanner;
    layout->addWidget(banner_);

    auto* body = new QHBoxLayout;
    body->setSpacing(0);
    sidebar_ = new QListWidget;
    sidebar_->setIconSize(QSize(24, 24));
    sidebar_->setFixedWidth(150);
    sidebar_->setFrameShape(QFrame::NoFrame);
    QPalette sp = sidebar_->palette();
    sp.setColor(QPalette::Base, palette().color(QPalette::Window).darker(104));
    sidebar_->setPalette(sp);
    body->addWidget(sidebar_);
    stack_ = new PageStack;
    start_ = new StartPage;
    stack_->addWidget(start_);
    memoryModel_ = new MemorySampleModel(1200, this);
    auto* speed = new QLabel; // e.g. tokens/s of the reply being generated
    imatrix_ = new ImatrixStore(this);
    const PageServices services{memoryModel_, imatrix_};
    for (const PageRow& row : pageRows()) {
        auto* item = new QListWidgetItem(pageIcon(row.icon), pageTitle(row));
        item->setSizeHint(QSize(140, 36));
        sidebar_->addItem(item);
        Page* page = row.make(services);
        page->setObjectName(QLatin1String(row.id)); // names its saved view state
        pages_.push_back(page);
        stack_->addWidget(page);
        connect(page, &Page::statusText, speed, &QLabel::setText);
        connect(page, &Page::timelineMark, memoryModel_, &MemorySampleModel::mark);
        connect(page, &Page::needsLocalWeightsChanged, this, [this, page] {
            if (document_ && (stack_->currentWidget() == page || stack_->currentWidget() == download_))
                showRow(std::max(0, sidebar_->currentRow()));
        });
    }
    download_ = new DownloadPanel;
    stack_->addWidget(download_);
    connect(download_, &DownloadPanel::downloaded, this, &MainWindow::openFile);
    connect(download_, &DownloadPanel::alternativeChosen, this,
            [this] { pages_[size_t(std::max(0, sidebar_->currentRow()))]->useWithoutLocalWeights(); });
    body->addWidget(stack_, 1);
    layout->addLayout(body, 1);
    setCentralWidget(central);
    overlay_ = new DropOverlay(central);

    // Status bar: memory sparkline and figures, always live.
    sparkline_ = new Sparkline;
    memoryLabel_ = new QLabel;
    statusBar()->addWidget(sparkline_);
    statusBar()->addWidget(memoryLabel_, 1);
    statusBar()->addPermanentWidget(speed);
    sampler_ = new MemorySampler(250, this);
    connect(sampler_, &MemorySampler::sampled, this, [this](const MemorySample& s) {
        memoryModel_->append(s);
        sparkline_->append(double(s.rss));
        memoryLabel_->setText(
            tr("RSS %1 · mapped %2 · KV %3")
                .arg(formatBytes(s.rss), formatBytes(s.mappedResident), formatBytes(s.kvCache)));
    });

    connect(sidebar_, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && document_) showRow(row);
    });
    connect(start_, &StartPage::openRequested, this, [this](const QString& path) {
        if (path.isEmpty())
            askOpen();
        else
            openFile(path);
    });
    connect(cancel_, &QToolButton::clicked, this, &MainWindow::cancelWork);

    connect(banner_, &ErrorBanner::actionTriggered, this, [this] {
        if (auto action = std::exchange(bannerAction_, nullptr)) action();
    });

    buildMenus();
    start_->setDemoModel(findDemoModel());
    refreshRecent();
    sidebar_->setEnabled(false);
    stack_->setCurrentWidget(start_);

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) resize(1280, 800);
    for (Page* page : pages_)
        restoreViewState(page, settings, ViewStateGroup + page->objectName());
    // The imatrix page shows the matrix's own errors too; the banner also reaches someone with no
    // model open (the page is hidden then).
    connect(imatrix_, &ImatrixStore::failed, this, [this](const QString& path, const QString& error) {
        banner_->showError(tr("Could not open the importance matrix %1").arg(QFileInfo(path).fileName()),
                           error);
    });
    imatrix_->reopenLast();
    // Stop work before the event loop is gone: worker threads are joined here, not at exit.
    connect(qApp, &QCoreApplication::aboutToQuit, this, &MainWindow::release);
}

MainWindow::~MainWindow() {
    release();
}

ModelSession* MainWindow::pendingSession() const {
    return pending_;
}
ModelSession* MainWindow::session() const {
    return document_ ? document_->session() : nullptr;
}
ChatEngine* MainWindow::chatEngine() const {
    return document_ ? document_->chatEngine() : nullptr;
}
LayerStepper* MainWindow::layerStepper() const {
    return document_ ? document_->layerStepper() : nullptr;
}
FileChangeWatcher* MainWindow::fileWatcher() const {
    return document_ ? document_->fileWatcher() : nullptr;
}
qint64 MainWindow::contextLength() const {
    return document_ ? document_->contextLength() : 0;
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::askOpen);
    open->setShortcut(QKeySequence::Open);
    QAction* openUrl = file->addAction(tr("Open &URL…"), this, &MainWindow::askOpenUrl);
    openUrl->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    QAction* demo = file->addAction(tr("Open &Demo Model"), this, [this] {
        const QString path = findDemoModel();
        if (path.isEmpty())
            banner_->showError(tr("No demo model is installed."),
                               QStringLiteral("Looked for share/realm-studio/demo.gguf next to the program "
                                              "and resources/demo.gguf in the source tree."));
        else
            openFile(path);
    });
    Q_UNUSED(demo);
    file->addAction(tr("Open &Importance Matrix…"), this, [this] {
        if (document_) showPage(QStringLiteral("imatrix"));
        page<ImatrixPage>()->askOpen();
    });
    reload_ = file->addAction(tr("Re&load Model"), this, &MainWindow::reload);
    reload_->setShortcut(QKeySequence(Qt::Key_F5));
    reload_->setEnabled(false);
    QAction* close = file->addAction(tr("&Close Model"), this, &MainWindow::closeModel);
    close->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    reopenLast_ = file->addAction(tr("Reopen Last Model at Start"));
    reopenLast_->setCheckable(true);
    reopenLast_->setChecked(QSettings().value(ReopenLastKey, false).toBool());
    connect(reopenLast_, &QAction::toggled, this, [](bool on) { QSettings().setValue(ReopenLastKey, on); });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    int n = 1;
    for (const PageRow& row : pageRows()) {
        QAction* a =
            view->addAction(pageTitle(row), this, [this, id = QLatin1String(row.id)] { showPage(id); });
        // Ctrl+1 … Ctrl+9 for the first nine pages; past Key_9 come punctuation keys.
        if (n <= 9) a->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_0 + n)));
        ++n;
    }
    view->addSeparator();
    QAction* full = view->addAction(tr("&Full Screen"), this,
                                    [this] { setWindowState(windowState() ^ Qt::WindowFullScreen); });
    full->setShortcut(QKeySequence(Qt::Key_F11));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    // Shift+F1, then a click on a chart or heatmap: what it shows and how to read it.
    help->addAction(QWhatsThis::createAction(this));
    help->addAction(tr("&About Realm Studio"), this, [this] {
        banner_->showError(tr("Realm Studio %1 — inspect and run GGUF language models.")
                               .arg(QApplication::applicationVersion()),
                           {});
    });
}

void MainWindow::askOpen() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open model"), {}, tr("GGUF models (*.gguf);;All files (*)"));
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::askOpenUrl() {
    bool ok = false;
    const QString url = QInputDialog::getText(
        this, tr("Open URL"),
        tr("URL of a GGUF file (http:// or https://). Its header is read with range requests; tensor "
           "rows and statistics fetch only their bytes."),
        QLineEdit::Normal, QSettings().value(QStringLiteral("remote/lastUrl")).toString(), &ok);
    if (!ok || url.trimmed().isEmpty()) return;
    if (!isRemoteUrl(url.trimmed())) {
        banner_->showError(tr("Not an http:// or https:// URL: %1").arg(url.trimmed()), {});
        return;
    }
    QSettings().setValue(QStringLiteral("remote/lastUrl"), url.trimmed());
    openFile(url.trimmed());
}

void MainWindow::openFile(const QString& path) {
    // A load in flight is replaced; the open model stays until the new one succeeds.
    cancelLoad();
    auto* session = new ModelSession(this);
    pending_ = session;
    connect(session, &ModelSession::loaded, this, [this, session] {
        if (pending_ != session) return;
        pending_ = nullptr;
        adopt(session);
    });
    connect(session, &ModelSession::loadFailed, this,
            [this, session](const QString& failedPath, const QString& error) {
                if (pending_ != session) return;
                pending_ = nullptr;
                session->deleteLater();
                banner_->showError(
                    tr("Could not open %1")
                        .arg(isRemoteUrl(failedPath) ? failedPath : QFileInfo(failedPath).fileName()),
                    error);
                updateHeader();
                Q_EMIT loadFailed(failedPath, error);
            });
    updateHeader();
    session->load(path);
}

void MainWindow::adopt(ModelSession* session) {
    setDocument(new ModelDocument(session, sampler_, this));
    const ModelSummary& s = session->summary();
    sidebar_->setEnabled(true);
    if (stack_->currentWidget() == start_) {
        // The first model of a run opens on the page the person left last time.
        const PageRow* last = findPageRow(QSettings().value(LastPageKey).toString());
        sidebar_->setCurrentRow(last ? int(last - pageRows().data()) : 0);
    }
    showRow(std::max(0, sidebar_->currentRow()));
    memoryModel_->mark(tr("loaded %1").arg(s.fileName));
    runNextTurn(this, [this, path = s.path] { addRecent(path); });
    updateHeader();
    setWindowTitle(tr("%1 — Realm Studio").arg(s.fileName));
    attachPagesLater(s.path);
}

void MainWindow::attachPagesLater(const QString& path) {
    if (unattached_.empty()) {
        startEngines(); // after the pages fill in: the engines' threads load the model meanwhile
        Q_EMIT modelLoaded(path);
        return;
    }
    runNextTurn(this, [this, path, document = QPointer<ModelDocument>(document_)] {
        if (!document || document != document_) return; // closed or replaced: its own adopt goes on
        attachNow(unattached_.front());
        attachPagesLater(path);
    });
}

void MainWindow::attachNow(Page* page) {
    if (std::erase(unattached_, page) > 0) page->attach(document_);
}

void MainWindow::updateProgress() {
    const ModelSession* session = this->session();
    const bool stats = session && session->statsRunning();
    if (pending_)
        progress_->setRange(0, 0); // busy until the metadata arrives
    else if (progress_->maximum() == 0)
        progress_->setRange(0, 1000);
    progress_->setVisible(stats || pending_);
    cancel_->setVisible(stats || pending_);
}

void MainWindow::setDocument(ModelDocument* document) {
    unattached_.clear();
    for (Page* page : pages_)
        page->attach(nullptr);
    download_->setDocument(nullptr);
    // Unmapping a model takes the kernel 30-50 ms at 8B: the last reference to the old file is
    // dropped on a pool thread, once the document and the sampler have let go of theirs.
    std::shared_ptr<const GgufFile> closedFile = document_ ? document_->session()->file() : nullptr;
    delete std::exchange(document_, document);
    banner_->hide();
    sampler_->setFile(document ? document->session()->file() : nullptr);
    if (closedFile) releaseInBackground(std::move(closedFile));
    reload_->setEnabled(document != nullptr);
    if (!document) return;
    connect(document, &ModelDocument::fileChanged, this, &MainWindow::onFileChanged);
    connect(document, &ModelDocument::contextLengthRequested, this, &MainWindow::setContextLength);
    ModelSession* session = document->session();
    connect(session, &ModelSession::statsRunningChanged, this, &MainWindow::updateProgress);
    connect(session, &ModelSession::statsProgress, this, [this](double fraction) {
        if (pending_) return; // the load's busy bar wins
        if (progress_->maximum() != 1000) progress_->setRange(0, 1000);
        progress_->setValueLater(int(fraction * 1000));
    });
    unattached_ = pages_;
    download_->setDocument(document);
}

void MainWindow::startEngines() {
    if (document_->isRemote()) return; // nothing runs the model until it is downloaded
    // The memory check comes before the engines allocate their KV caches.
    const MemoryCheck c =
        checkModelMemory(*document_->session()->file(), contextSetting(), availableOverride_);
    document_->startEngines(c.known ? c.estimate.contextLength : contextSetting(), c.modelContext);
    if (c.fits) return;
    if (c.offeredContext > 0) {
        banner_->showAction(c.summary, c.details, tr("Use context %1").arg(c.offeredContext));
        bannerAction_ = [this, ctx = c.offeredContext] { setContextLength(ctx); };
    } else {
        banner_->showError(c.summary, c.details);
    }
    memoryModel_->mark(tr("memory warning: needs %1").arg(formatBytes(c.estimate.total())));
}

void MainWindow::setContextLength(qint64 tokens) {
    if (tokens <= 0) return;
    QSettings().setValue(QStringLiteral("engine/contextLength"), tokens);
    if (!document_ || tokens == document_->contextLength()) return;
    banner_->hide(); // a warning about the old context no longer applies
    startEngines();
}

void MainWindow::release() {
    cancelLoad();
    setDocument(nullptr);
}

void MainWindow::closeModel() {
    release();
    sidebar_->setEnabled(false);
    stack_->setCurrentWidget(start_);
    setWindowTitle(tr("Realm Studio"));
    refreshRecent();
    updateHeader();
}

void MainWindow::cancelLoad() {
    delete pending_.data();
}

void MainWindow::cancelWork() {
    if (pending_) {
        // Stops the parse where it is; the model that was open stays open.
        pending_->cancelLoad();
        pending_->deleteLater();
        pending_ = nullptr;
    }
    if (ModelSession* session = this->session()) session->cancelTensorJobs();
    updateHeader();
}

void MainWindow::reload() {
    if (document_) openFile(document_->summary().path);
}

void MainWindow::onFileChanged(const QString& what, bool truncated) {
    // Running work would read pages that no longer exist; every job also checks the
    // file before it reads, so later requests fail with this message instead.
    if (truncated) document_->stopReading();
    const QString name = document_->summary().fileName;
    banner_->showAction(tr("%1 changed on disk — Reload").arg(name), what, tr("Reload"));
    bannerAction_ = [this] { reload(); };
    memoryModel_->mark(tr("%1 changed on disk").arg(name));
}

bool MainWindow::showPage(const QString& id) {
    const auto rows = pageRows();
    for (size_t i = 0; i < rows.size(); ++i)
        if (id == QLatin1String(rows[i].id)) {
            if (!document_) return true;
            sidebar_->setCurrentRow(int(i));
            showRow(int(i));
            return true;
        }
    return false;
}

void MainWindow::showRow(int row) {
    const PageRow& r = pageRows()[size_t(row)];
    Page* page = pages_[size_t(row)];
    attachNow(page);
    if (document_ && document_->isRemote() && r.runsModel && page->needsLocalWeights()) {
        download_->setPageTitle(pageTitle(r));
        download_->setAlternative(page->withoutLocalWeights());
        stack_->setCurrentWidget(download_);
        return;
    }
    stack_->setCurrentWidget(page);
}

QWidget* MainWindow::currentView() const {
    return stack_->currentWidget();
}

QString MainWindow::currentPage() const {
    return QLatin1String(pageRows()[std::max(0, sidebar_->currentRow())].id);
}

QString MainWindow::headerText() const {
    return header_->text();
}

void MainWindow::updateHeader() {
    QString text;
    if (document_) {
        const ModelSummary& s = document_->summary();
        text = tr("<b>%1</b> · %2 · %3 params · %4 · %5")
                   .arg(s.fileName.toHtmlEscaped(),
                        s.architecture.isEmpty() ? QStringLiteral("?") : s.architecture,
                        formatParams(s.parameters), s.fileType, formatBytes(s.fileSize));
        if (document_->isRemote())
            text += tr(" · over HTTP from %1 (cache up to %2)")
                        .arg(QUrl(s.path).host().toHtmlEscaped(), formatBytes(s.remote->cacheLimit()));
    } else {
        text = tr("No model open");
    }
    if (pending_) text += tr("   —   loading…");
    header_->setText(text);
    updateProgress();
}

void MainWindow::addRecent(const QString& path) {
    QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > MaxRecent)
        recent.removeLast();
    writeSettingsInBackground({{QStringLiteral("recentFiles"), recent}});
    showRecent(recent);
}

void MainWindow::refreshRecent() {
    showRecent(QSettings().value(QStringLiteral("recentFiles")).toStringList());
}

void MainWindow::showRecent(const QStringList& recent) {
    start_->setRecentFiles(recent);
    recentMenu_->clear();
    for (const QString& path : recent)
        recentMenu_->addAction(path, this, [this, path] { openFile(path); });
    recentMenu_->setEnabled(!recent.isEmpty());
}

QString MainWindow::droppedPath(const QMimeData* mime, QString* why) {
    const QList<QUrl> urls = mime ? mime->urls() : QList<QUrl>{};
    if (urls.size() == 1 && isRemoteUrl(urls.first().toString())) return urls.first().toString();
    if (urls.size() != 1 || !urls.first().isLocalFile()) {
        *why = tr("Drop one .gguf file or its http(s) URL");
        return {};
    }
    const QString path = urls.first().toLocalFile();
    if (!path.endsWith(QStringLiteral(".gguf"), Qt::CaseInsensitive)) {
        *why = tr("%1 is not a .gguf").arg(QFileInfo(path).fileName());
        return {};
    }
    return path;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    QString why;
    const QString path = droppedPath(event->mimeData(), &why);
    overlay_->showMessage(path.isEmpty() ? why : tr("Drop to open %1").arg(QFileInfo(path).fileName()),
                          !path.isEmpty());
    // Accept even a wrong file so the overlay can say why it will not open.
    event->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent* event) {
    event->acceptProposedAction();
}

void MainWindow::dragLeaveEvent(QDragLeaveEvent*) {
    overlay_->hide();
}

void MainWindow::dropEvent(QDropEvent* event) {
    overlay_->hide();
    QString why;
    const QString path = droppedPath(event->mimeData(), &why);
    if (path.isEmpty()) {
        banner_->showError(why, {});
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    openFile(path);
}

void MainWindow::saveSession() const {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    if (document_) settings.setValue(LastPageKey, currentPage());
    for (const Page* page : pages_)
        saveViewState(page, settings, ViewStateGroup + page->objectName());
}

bool MainWindow::reopenLastModel() {
    if (!reopenLast_->isChecked()) return false;
    const QString last = QSettings().value(QStringLiteral("recentFiles")).toStringList().value(0);
    if (last.isEmpty() || !QFileInfo(last).isFile()) return false;
    openFile(last);
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSession();
    // Cancel and join running work now, while the window still exists.
    release();
    QMainWindow::closeEvent(event);
}

void MainWindow::resizeEvent(QResizeEvent* event) {
    QMainWindow::resizeEvent(event);
    if (overlay_->isVisible()) overlay_->setGeometry(centralWidget()->rect());
}

} // namespace realm::ui
