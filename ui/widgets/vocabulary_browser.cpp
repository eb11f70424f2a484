#include "widgets/vocabulary_browser.h"

#include "jobs/background_pool.h"
#include "jobs/release_in_background.h"

#include "models/vocabulary_model.h"
#include "text/format.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace realm::ui {

VocabularyBrowser::VocabularyBrowser(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    search_ = new QLineEdit;
    search_->setPlaceholderText(tr("Search by text or id…"));
    search_->setClearButtonEnabled(true);
    bar->addWidget(search_, 1);
    kind_ = new QComboBox;
    const std::pair<QString, TokenKind> kinds[] = {
        {tr("All tokens"), TokenKind::All},
        {tr("Normal"), TokenKind::Normal},
        {tr("Special (control, user-defined, BOS/EOS …)"), TokenKind::Special},
        {tr("Control"), TokenKind::Control},
        {tr("User-defined"), TokenKind::UserDefined},
        {tr("Byte fallback (<0xNN>)"), TokenKind::Byte},
        {tr("Unknown"), TokenKind::Unknown},
        {tr("Unused"), TokenKind::Unused},
        {tr("Made by a BPE merge"), TokenKind::Merged},
    };
    for (const auto& [label, kind] : kinds)
        kind_->addItem(label, int(kind));
    bar->addWidget(kind_);
    count_ = new QLabel;
    bar->addWidget(count_);
    layout->addLayout(bar);

    model_ = new VocabularyModel(this);
    view_ = new QTableView;
    view_->setModel(model_);
    view_->setSortingEnabled(true);
    view_->sortByColumn(VocabularyModel::Id, Qt::AscendingOrder);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setWordWrap(false);
    // Fixed row heights: the view never measures 128,256 rows.
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view_->verticalHeader()->setDefaultSectionSize(20);
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->setWhatsThis(
        tr("<p>Every token of the model's vocabulary. <b>Token</b> is the text the token stands for "
           "(␣ is a space, \\n a new line, \\xNN a byte that is not text on its own); <b>Stored as</b> "
           "is the entry as the file stores it (byte-level BPE writes a space as Ġ, SentencePiece "
           "as ▁). <b>Type</b>: normal, control (BOS, EOS, chat markers), user-defined, byte (the "
           "byte-fallback pieces &lt;0xNN&gt; that spell out text no other token covers), unused. "
           "<b>Score</b>: SentencePiece's log-probability of the piece. <b>Merge rank</b>: the "
           "place of the BPE merge that makes the token; the tokenizer applies lower ranks first, "
           "and <b>Merge of</b> names the two tokens it joins.</p>"));
    layout->addWidget(view_, 1);

    reading_ = new QFutureWatcher<Vocabulary>(this);
    connect(reading_, &QFutureWatcher<Vocabulary>::finished, this, [this, watcher = reading_] {
        if (watcher->property("generation").toULongLong() != generation_) return;
        model_->setVocabulary(watcher->result());
        updateCount();
        Q_EMIT vocabularyShown();
    });
    connect(search_, &QLineEdit::textChanged, this, &VocabularyBrowser::applyFilter);
    connect(kind_, &QComboBox::currentIndexChanged, this, &VocabularyBrowser::applyFilter);
}

void VocabularyBrowser::setFile(std::shared_ptr<const realm::GgufFile> file) {
    ++generation_;
    model_->setVocabulary({});
    // The vocabulary read last is freed on a pool thread, once the watcher has let go of it too.
    QFuture<Vocabulary> previous = reading_->future();
    if (file) {
        count_->setText(tr("Reading the vocabulary…"));
        reading_->setProperty("generation", generation_);
        reading_->setFuture(QtConcurrent::run(backgroundPool(), [file] {
            runBelowTheUiThread();
            return readVocabulary(file);
        }));
    } else {
        count_->clear();
        reading_->setFuture({});
    }
    releaseInBackground(std::move(previous));
}

void VocabularyBrowser::setSearch(const QString& text) {
    search_->setText(text);
}

void VocabularyBrowser::setKind(TokenKind kind) {
    kind_->setCurrentIndex(kind_->findData(int(kind)));
}

void VocabularyBrowser::showToken(int token) {
    setKind(TokenKind::All);
    setSearch(QString::number(token));
    const int row = model_->rowOf(token);
    if (row < 0) return;
    view_->setCurrentIndex(model_->index(row, VocabularyModel::Piece));
    view_->scrollTo(view_->currentIndex());
}

void VocabularyBrowser::applyFilter() {
    model_->setFilter(search_->text(), TokenKind(kind_->currentData().toInt()));
    updateCount();
}

void VocabularyBrowser::updateCount() {
    const Vocabulary& v = model_->vocabulary();
    if (!v.error.isEmpty()) {
        count_->setText(v.error);
        return;
    }
    count_->setText(tr("%1 of %2 tokens")
                        .arg(formatCount(uint64_t(model_->rowCount())), formatCount(uint64_t(v.size()))));
}

QString VocabularyBrowser::countText() const {
    return count_->text();
}

} // namespace realm::ui
