#include "pages/patching_page.h"

#include "jobs/intervention_engine.h"
#include "text/explanations.h"
#include "widgets/heatmap_widget.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace realm::ui {

PatchingPage::PatchingPage(QWidget* parent) : InterventionPage(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* form = new QGridLayout;
    // Example prompts for an English model, one-token answers in the demo model's vocabulary.
    clean_ = new QLineEdit(QStringLiteral("The capital of Italy is"));     // untranslated: a prompt
    corrupted_ = new QLineEdit(QStringLiteral("The capital of Egypt is")); // untranslated: a prompt
    answer_ = new QLineEdit(QStringLiteral("Rome"));                       // untranslated: a token
    wrong_ = new QLineEdit(QStringLiteral("Cairo"));                       // untranslated: a token
    // SentencePiece vocabularies add the word's leading space themselves; byte-level BPE ones do not.
    answer_->setToolTip(tr("The clean prompt's answer: exactly one token (\"Rome\" for SentencePiece "
                           "vocabularies, \" Rome\" with its space for byte-level BPE ones)"));
    wrong_->setToolTip(tr("The corrupted prompt's answer: exactly one token"));
    form->addWidget(new QLabel(tr("Clean prompt")), 0, 0);
    form->addWidget(clean_, 0, 1);
    form->addWidget(new QLabel(tr("answer")), 0, 2);
    form->addWidget(answer_, 0, 3);
    form->addWidget(new QLabel(tr("Corrupted prompt")), 1, 0);
    form->addWidget(corrupted_, 1, 1);
    form->addWidget(new QLabel(tr("answer")), 1, 2);
    form->addWidget(wrong_, 1, 3);
    form->setColumnStretch(1, 3);
    form->setColumnStretch(3, 1);
    layout->addLayout(form);

    auto* row = new QHBoxLayout;
    site_ = new QComboBox;
    site_->addItem(tr("Residual stream"));
    site_->addItem(tr("One attention head"));
    head_ = new QSpinBox;
    head_->setPrefix(tr("head "));
    head_->setEnabled(false);
    auto* runButton = new QPushButton(tr("Run sweep"));
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setEnabled(false);
    row->addWidget(new QLabel(tr("Patch")));
    row->addWidget(site_);
    row->addWidget(head_);
    row->addStretch(1);
    row->addWidget(runButton);
    row->addWidget(cancel_);
    layout->addLayout(row);
    layout->addWidget(statusRow());
    summary_ = new QLabel;
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(summary_);

    heatmap_ = new HeatmapWidget;
    heatmap_->setAxisTitles(tr("layer"), tr("position"));
    heatmap_->setToolTip(
        tr("Recovered logit difference when the clean run's activation is patched in "
           "at this layer and position: 1 = the clean answer's margin, 0 = the corrupted one's"));
    heatmap_->setMessage(tr("Run a sweep to fill the map"));
    heatmap_->setWhatsThis(explain::patchingHeatmap());
    layout->addWidget(heatmap_, 1);

    setRunButton(runButton);
    connect(runButton, &QPushButton::clicked, this, &PatchingPage::run);
    connect(cancel_, &QPushButton::clicked, this, &PatchingPage::cancel);
    connect(site_, &QComboBox::currentIndexChanged, this, [this](int i) { head_->setEnabled(i == 1); });
}

void PatchingPage::setPrompts(const QString& clean, const QString& corrupted) {
    clean_->setText(clean);
    corrupted_->setText(corrupted);
}

void PatchingPage::setAnswers(const QString& answer, const QString& wrongAnswer) {
    answer_->setText(answer);
    wrong_->setText(wrongAnswer);
}

void PatchingPage::setHead(int head) {
    site_->setCurrentIndex(head >= 0 ? 1 : 0);
    if (head >= 0) head_->setValue(head);
}

void PatchingPage::onEngineReady(InterventionEngine* engine, const InterventionShape& shape) {
    head_->setRange(0, std::max(0, shape.heads - 1));
    connect(engine, &InterventionEngine::patched, this, &PatchingPage::onResult);
    connect(engine, &InterventionEngine::patchProgress, this, [this](double f) {
        if (!isBusy()) return;
        setProgress(f);
        showStatus(tr("Sweeping… %1 %").arg(int(f * 100)));
    });
}

void PatchingPage::run() {
    if (!engine() || isBusy()) return;
    PatchRequest req;
    req.clean = clean_->text();
    req.corrupted = corrupted_->text();
    req.answer = answer_->text();
    req.wrongAnswer = wrong_->text();
    req.head = site_->currentIndex() == 1 ? head_->value() : -1;
    setBusy(true, tr("Running both prompts…"));
    cancel_->setEnabled(true);
    sweep_ = engine()->patch(req);
}

void PatchingPage::cancel() {
    if (sweep_) sweep_->cancel();
}

void PatchingPage::onResult(const PatchResult& r) {
    setBusy(false);
    cancel_->setEnabled(false);
    sweep_.reset();
    result_ = r;
    summary_->clear();
    if (!r.error.isEmpty()) {
        showError(tr("Patching failed: %1").arg(r.error));
        heatmap_->clear();
        heatmap_->setMessage(tr("No sweep"));
        Q_EMIT resultShown(r);
        return;
    }
    if (r.cancelled)
        showStatus(tr("Cancelled after %1 s: the cells reached are shown").arg(r.seconds, 0, 'f', 2));
    else
        showStatus(
            tr("%1 layers × %2 positions · %3 s").arg(r.layers).arg(r.positions).arg(r.seconds, 0, 'f', 2));
    QStringList positions;
    for (int p = 0; p < r.positions; ++p)
        positions
            << QStringLiteral("%1 %2|%3").arg(p).arg(r.cleanPieces.value(p), r.corruptedPieces.value(p));
    summary_->setText(tr("Logit difference (answer − wrong answer): clean %1, corrupted %2 · positions "
                         "(clean|corrupted): %3")
                          .arg(r.cleanDiff, 0, 'f', 3)
                          .arg(r.corruptedDiff, 0, 'f', 3)
                          .arg(positions.join(QStringLiteral("  ")).toHtmlEscaped()));
    QVector<float> cells(r.recovered.size());
    QStringList texts;
    for (qsizetype i = 0; i < r.recovered.size(); ++i) {
        const double v = r.recovered.at(i);
        cells[i] = std::isfinite(v) ? float(v) : 0.0f;
        texts << (std::isfinite(v) ? QString::number(v, 'f', 2) : QString());
    }
    QStringList layers;
    for (int l = 0; l < r.layers; ++l)
        layers << QString::number(r.firstLayer + l);
    heatmap_->setRegion(r.layers, r.positions, 0, 0, r.layers, r.positions);
    heatmap_->setRowNames(layers);
    heatmap_->setData(cells, r.positions, r.layers, ColorScale::Diverging, 1.0);
    heatmap_->setCellTexts(texts);
    Q_EMIT resultShown(r);
}

} // namespace realm::ui
