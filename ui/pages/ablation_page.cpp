#include "pages/ablation_page.h"

#include "jobs/intervention_engine.h"
#include "text/sample_prompt.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace realm::ui {

namespace {
using Kind = AblationRequest::Kind;

QTableWidget* makeTable(const QStringList& headers) {
    auto* t = new QTableWidget(0, int(headers.size()));
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    t->verticalHeader()->setDefaultSectionSize(20);
    return t;
}

QTableWidgetItem* cell(const QString& text, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter) {
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(align);
    return item;
}

QTableWidgetItem* number(double v, int decimals, bool sign = false) {
    QString text = QString::number(v, 'f', decimals);
    if (sign && v > 0) text.prepend(QLatin1Char('+'));
    return cell(text, Qt::AlignRight | Qt::AlignVCenter);
}

// A changed value stands out: red where the ablation lowered it, blue where it raised it.
void tint(QTableWidgetItem* item, double delta, double scale) {
    if (scale <= 0 || delta == 0) return;
    const double a = std::min(1.0, std::fabs(delta) / scale);
    item->setBackground(delta < 0 ? QColor(178, 24, 43, int(40 + 120 * a))
                                  : QColor(33, 102, 172, int(40 + 120 * a)));
}
} // namespace

AblationPage::AblationPage(QWidget* parent) : InterventionPage(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    prompt_ = new QLineEdit(samplePrompt());
    top->addWidget(new QLabel(tr("Prompt")));
    top->addWidget(prompt_, 1);
    auto* runButton = new QPushButton(tr("Run ablation"));
    top->addWidget(runButton);
    layout->addLayout(top);

    // What to switch off: a kind, a layer and (heads, experts) which one; the list collects them.
    auto* chooser = new QHBoxLayout;
    kind_ = new QComboBox;
    kind_->addItem(tr("Attention head"), int(Kind::Head));
    kind_->addItem(tr("Whole attention"), int(Kind::Attention));
    kind_->addItem(tr("Feed-forward"), int(Kind::Ffn));
    kind_->addItem(tr("MoE expert"), int(Kind::Expert));
    layer_ = new QSpinBox;
    layer_->setPrefix(tr("layer "));
    index_ = new QSpinBox;
    auto* add = new QPushButton(tr("Add"));
    auto* remove = new QPushButton(tr("Remove"));
    auto* clear = new QPushButton(tr("Clear"));
    mode_ = new QComboBox;
    mode_->addItem(tr("Zero"));
    mode_->addItem(tr("Mean over the prompt"));
    mode_->setToolTip(tr("Zero: the part's output becomes 0. Mean: at every position it becomes its "
                         "average over the prompt (an expert's, over the tokens that chose it)."));
    chooser->addWidget(kind_);
    chooser->addWidget(layer_);
    chooser->addWidget(index_);
    chooser->addWidget(add);
    chooser->addSpacing(12);
    chooser->addWidget(new QLabel(tr("Mode")));
    chooser->addWidget(mode_);
    chooser->addStretch(1);
    layout->addLayout(chooser);
    auto* listRow = new QHBoxLayout;
    targets_ = new QListWidget;
    targets_->setFlow(QListView::LeftToRight);
    targets_->setWrapping(true);
    targets_->setMaximumHeight(52);
    targets_->setToolTip(tr("Switched off together in one run"));
    listRow->addWidget(targets_, 1);
    listRow->addWidget(remove);
    listRow->addWidget(clear);
    layout->addLayout(listRow);
    layout->addWidget(statusRow());

    summary_ = new QLabel;
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(summary_);
    top_ = makeTable({tr("Token"), tr("Baseline logit"), tr("Ablated logit"), tr("Δlogit")});
    top_->setToolTip(tr("The baseline's top tokens at the last position (and the ablated run's top "
                        "token when it is not among them)"));
    lens_ = makeTable({tr("After layer"), tr("Baseline top"), tr("Ablated top"), tr("KL (nats)")});
    lens_->setToolTip(tr("Logit lens of the last position: the top token if the model stopped after "
                         "each layer, in both runs, and how far the two distributions are apart"));
    auto* split = new QSplitter(Qt::Horizontal);
    auto* left = new QWidget;
    auto* ll = new QVBoxLayout(left);
    ll->setContentsMargins(0, 0, 0, 0);
    ll->addWidget(new QLabel(tr("<b>Next-token logits</b>")));
    ll->addWidget(top_, 1);
    auto* right = new QWidget;
    auto* rl = new QVBoxLayout(right);
    rl->setContentsMargins(0, 0, 0, 0);
    rl->addWidget(new QLabel(tr("<b>Logit lens, last position</b>")));
    rl->addWidget(lens_, 1);
    split->addWidget(left);
    split->addWidget(right);
    layout->addWidget(split, 1);

    setRunButton(runButton);
    connect(runButton, &QPushButton::clicked, this, &AblationPage::run);
    connect(prompt_, &QLineEdit::returnPressed, this, &AblationPage::run);
    connect(kind_, &QComboBox::currentIndexChanged, this, &AblationPage::updateIndexRange);
    connect(add, &QPushButton::clicked, this, [this] {
        addTarget(Kind(kind_->currentData().toInt()), layer_->value(),
                  index_->isEnabled() ? index_->value() : -1);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = targets_->currentRow();
        if (row < 0) return;
        delete targets_->takeItem(row);
        chosen_.removeAt(row);
    });
    connect(clear, &QPushButton::clicked, this, &AblationPage::clearTargets);
    updateIndexRange();
}

QString AblationPage::describe(const AblationRequest::Target& t) {
    switch (t.kind) {
    case Kind::Head:
        return tr("head %1.%2").arg(t.layer).arg(t.index);
    case Kind::Attention:
        return tr("attention %1").arg(t.layer);
    case Kind::Ffn:
        return tr("FFN %1").arg(t.layer);
    case Kind::Expert:
        return tr("expert %1.%2").arg(t.layer).arg(t.index);
    }
    return {};
}

void AblationPage::setPrompt(const QString& text) {
    prompt_->setText(text);
}

void AblationPage::addTarget(Kind kind, int layer, int index) {
    const AblationRequest::Target t{kind, layer, (kind == Kind::Head || kind == Kind::Expert) ? index : -1};
    for (const auto& c : chosen_)
        if (c.kind == t.kind && c.layer == t.layer && c.index == t.index) return;
    chosen_.push_back(t);
    targets_->addItem(describe(t));
}

void AblationPage::clearTargets() {
    chosen_.clear();
    targets_->clear();
}

void AblationPage::setMeanAblation(bool mean) {
    mode_->setCurrentIndex(mean ? 1 : 0);
}

void AblationPage::updateIndexRange() {
    const Kind kind = Kind(kind_->currentData().toInt());
    index_->setEnabled(kind == Kind::Head || kind == Kind::Expert);
    index_->setPrefix(kind == Kind::Expert ? tr("expert ") : tr("head "));
    index_->setRange(0, std::max(0, (kind == Kind::Expert ? shape_.experts : shape_.heads) - 1));
}

void AblationPage::onEngineReady(InterventionEngine* engine, const InterventionShape& shape) {
    shape_ = shape;
    layer_->setRange(0, std::max(0, shape.layers - 1));
    if (shape.experts == 0 && Kind(kind_->currentData().toInt()) == Kind::Expert) kind_->setCurrentIndex(0);
    updateIndexRange();
    connect(engine, &InterventionEngine::ablated, this, &AblationPage::onResult);
    showStatus(shape.experts > 0 ? tr("%1 layers, %2 heads, %3 experts (%4 per token)")
                                       .arg(shape.layers)
                                       .arg(shape.heads)
                                       .arg(shape.experts)
                                       .arg(shape.expertsUsed)
                                 : tr("%1 layers, %2 heads").arg(shape.layers).arg(shape.heads));
}

void AblationPage::run() {
    if (!engine() || isBusy()) return;
    if (chosen_.isEmpty()) {
        showError(tr("Add at least one head, attention, feed-forward or expert to switch off."));
        return;
    }
    AblationRequest req;
    req.prompt = prompt_->text();
    req.targets = chosen_;
    req.mean = mode_->currentIndex() == 1;
    setBusy(true, tr("Running the prompt twice (baseline and ablated)…"));
    engine()->ablate(req);
}

void AblationPage::onResult(const AblationResult& r) {
    setBusy(false);
    result_ = r;
    top_->setRowCount(0);
    lens_->setRowCount(0);
    summary_->clear();
    if (!r.error.isEmpty()) {
        showError(tr("Ablation failed: %1").arg(r.error));
        Q_EMIT resultShown(r);
        return;
    }
    showStatus(tr("Switched off %1 · %2 tokens · %3 s")
                   .arg(r.targets)
                   .arg(r.pieces.size())
                   .arg(r.seconds, 0, 'f', 2));
    summary_->setText(tr("KL(baseline ‖ ablated) = <b>%1</b> nats · next token <b>%2</b> → <b>%3</b>")
                          .arg(r.kl, 0, 'g', 4)
                          .arg(r.baselineTop.toHtmlEscaped(), r.ablatedTop.toHtmlEscaped()));
    double scale = 0;
    for (const auto& t : r.top)
        scale = std::max(scale, double(std::fabs(t.ablated - t.baseline)));
    top_->setRowCount(int(r.top.size()));
    for (int i = 0; i < r.top.size(); ++i) {
        const auto& t = r.top.at(i);
        top_->setItem(i, 0, cell(QStringLiteral("%1  (%2)").arg(t.piece).arg(t.id)));
        top_->setItem(i, 1, number(t.baseline, 3));
        top_->setItem(i, 2, number(t.ablated, 3));
        QTableWidgetItem* d = number(t.ablated - t.baseline, 3, true);
        tint(d, t.ablated - t.baseline, scale);
        top_->setItem(i, 3, d);
    }
    double maxKl = 0;
    for (const auto& l : r.lens)
        maxKl = std::max(maxKl, l.kl);
    lens_->setRowCount(int(r.lens.size()));
    for (int i = 0; i < r.lens.size(); ++i) {
        const auto& l = r.lens.at(i);
        lens_->setItem(i, 0, cell(QString::number(l.layer), Qt::AlignCenter));
        lens_->setItem(i, 1, cell(l.baseline));
        QTableWidgetItem* a = cell(l.ablated);
        if (l.ablatedId != l.baselineId) a->setBackground(QColor(178, 24, 43, 90));
        lens_->setItem(i, 2, a);
        QTableWidgetItem* k = number(l.kl, 4);
        tint(k, -l.kl, maxKl);
        lens_->setItem(i, 3, k);
    }
    Q_EMIT resultShown(r);
}

} // namespace realm::ui
