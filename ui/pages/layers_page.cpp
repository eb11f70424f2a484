#include "pages/layers_page.h"
#include "text/sample_prompt.h"

#include "document/model_document.h"
#include "jobs/intervention_engine.h"
#include "jobs/layer_stepper.h"
#include "models/logit_lens_model.h"
#include "text/explanations.h"
#include "widgets/chart_helpers.h"
#include "widgets/color_legend.h"
#include "widgets/heatmap_widget.h"
#include "widgets/progress_line.h"

#include <QChart>
#include <QChartView>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <utility>

namespace realm::ui {

namespace {
constexpr int MaxHeatmapColumns = 512; // wider residuals are pooled (max-abs) to this many cells

// Robust colour range: the 99th percentile of |v|, so one outlier dimension does not wash out the rest.
double robustRange(const QVector<float>& v) {
    if (v.isEmpty()) return 1;
    std::vector<float> a(size_t(v.size()));
    for (qsizetype i = 0; i < v.size(); ++i)
        a[size_t(i)] = std::fabs(v[i]);
    const size_t k = std::min(a.size() - 1, size_t(double(a.size()) * 0.99));
    std::nth_element(a.begin(), a.begin() + qsizetype(k), a.end());
    return a[k] > 0 ? a[k] : 1.0;
}

QWidget* titled(const QString& title, QWidget* body, QWidget* extra = nullptr) {
    auto* box = new QWidget;
    auto* l = new QVBoxLayout(box);
    l->setContentsMargins(4, 4, 4, 4);
    auto* head = new QHBoxLayout;
    auto* label = new QLabel(QStringLiteral("<b>%1</b>").arg(title));
    head->addWidget(label, 1);
    if (extra) head->addWidget(extra);
    l->addLayout(head);
    l->addWidget(body, 1);
    return box;
}
} // namespace

LayersPage::LayersPage(QWidget* parent) : Page(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    prompt_ = new QLineEdit(samplePrompt());
    prompt_->setPlaceholderText(tr("Prompt (Enter to tokenize)"));
    top->addWidget(new QLabel(tr("Prompt")));
    top->addWidget(prompt_, 1);
    stepButton_ = new QPushButton(tr("Step"));
    stepButton_->setToolTip(tr("Run the next stage (F10)"));
    stepButton_->setShortcut(QKeySequence(Qt::Key_F10));
    runButton_ = new QPushButton(tr("Run to end"));
    resetButton_ = new QPushButton(tr("Reset"));
    top->addWidget(stepButton_);
    top->addWidget(runButton_);
    top->addWidget(resetButton_);
    // Export = realm-cli activations of the current prompt; the arrow picks what is written.
    exportButton_ = new QToolButton;
    exportButton_->setText(tr("Export…"));
    exportButton_->setToolTip(tr("Write the prompt's activations as .npy files and index.json "
                                 "(the format of realm-cli activations)"));
    exportButton_->setPopupMode(QToolButton::MenuButtonPopup);
    exportMenu_ = new QMenu(exportButton_);
    for (const char* site :
         {"residual", "attn_out", "ffn_out", "attn_heads", "attn_weights", "moe_routing", "expert_out"}) {
        QAction* a = exportMenu_->addAction(QLatin1String(site));
        a->setCheckable(true);
        a->setChecked(QLatin1String(site) == QLatin1String("residual"));
    }
    exportButton_->setMenu(exportMenu_);
    top->addWidget(exportButton_);
    exportProgress_ = new ProgressLine;
    exportProgress_->setRange(0, 0);
    exportProgress_->setMaximumWidth(80);
    exportProgress_->hide();
    top->addWidget(exportProgress_);
    timeLabel_ = new QLabel;
    timeLabel_->setMinimumWidth(220);
    top->addWidget(timeLabel_);
    layout->addLayout(top);

    tokensLabel_ = new QLabel;
    tokensLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    tokensLabel_->setWordWrap(true);
    layout->addWidget(tokensLabel_);
    exportLabel_ = new QLabel;
    exportLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    exportLabel_->setWordWrap(true);
    exportLabel_->hide();
    layout->addWidget(exportLabel_);
    steeringLabel_ = new QLabel;
    steeringLabel_->setWordWrap(true);
    steeringLabel_->hide();
    layout->addWidget(steeringLabel_);

    // The strip of stage buttons fills in as stages complete; the slider picks what is shown.
    strip_ = new QWidget;
    stripLayout_ = new QHBoxLayout(strip_);
    stripLayout_->setContentsMargins(0, 0, 0, 0);
    stripLayout_->setSpacing(2);
    layout->addWidget(strip_);
    auto* sliderRow = new QHBoxLayout;
    slider_ = new QSlider(Qt::Horizontal);
    slider_->setEnabled(false);
    stageLabel_ = new QLabel;
    stageLabel_->setMinimumWidth(120);
    sliderRow->addWidget(new QLabel(tr("Stage")));
    sliderRow->addWidget(slider_, 1);
    sliderRow->addWidget(stageLabel_);
    layout->addLayout(sliderRow);

    hidden_ = new HeatmapWidget;
    hidden_->setWhatsThis(explain::residualHeatmap());
    hidden_->setAxisTitles(tr("token"), tr("dim"));
    attention_ = new HeatmapWidget;
    attention_->setWhatsThis(explain::attentionHeatmap());
    attention_->setAxisTitles(tr("query"), tr("key"));
    head_ = new QSpinBox;
    head_->setPrefix(tr("head "));
    head_->setRange(0, 0);
    norms_ = makeChartView();
    norms_->setWhatsThis(explain::residualNorms());
    norms_->chart()->legend()->show();
    norms_->chart()->legend()->setAlignment(Qt::AlignBottom);
    lens_ = new LogitLensModel(this);
    auto* lensView = new QTableView;
    lensView->setWhatsThis(explain::logitLens());
    lensView->setToolTip(tr("Each cell: the top next-token prediction if the model stopped at this stage"));
    lensView->setModel(lens_);
    lensView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    lensView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    lensView->verticalHeader()->setDefaultSectionSize(20);
    lensView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    lensView->setSelectionMode(QAbstractItemView::SingleSelection);
    auto* lensBox = new QWidget;
    auto* lensLayout = new QHBoxLayout(lensBox);
    lensLayout->setContentsMargins(0, 0, 0, 0);
    lensLayout->addWidget(lensView, 1);
    lensLayout->addWidget(new ColorLegend(ColorScale::Sequential, 0, 1, QStringLiteral("p")));

    auto* upper = new QSplitter(Qt::Horizontal);
    upper->addWidget(titled(tr("Residual stream (tokens × dims)"), hidden_));
    upper->addWidget(titled(tr("Attention (query × key)"), attention_, head_));
    upper->setStretchFactor(0, 3);
    upper->setStretchFactor(1, 2);
    auto* lower = new QSplitter(Qt::Horizontal);
    lower->addWidget(titled(tr("Logit lens (top token · probability)"), lensBox));
    lower->addWidget(titled(tr("Residual norm per token"), norms_));
    lower->setSizes({760, 440});
    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(upper);
    vertical->addWidget(lower);
    layout->addWidget(vertical, 1);

    connect(prompt_, &QLineEdit::returnPressed, this, [this] { setPrompt(prompt_->text()); });
    connect(stepButton_, &QPushButton::clicked, this, &LayersPage::step);
    connect(runButton_, &QPushButton::clicked, this, &LayersPage::runToEnd);
    connect(resetButton_, &QPushButton::clicked, this, &LayersPage::reset);
    connect(exportButton_, &QToolButton::clicked, this, &LayersPage::chooseExportDir);
    connect(slider_, &QSlider::valueChanged, this, &LayersPage::showStage);
    connect(head_, &QSpinBox::valueChanged, this, &LayersPage::showAttention);
    connect(lensView, &QTableView::clicked, this, [this](const QModelIndex& i) { selectStage(i.row()); });
    updateControls();
}

void LayersPage::setStepper(LayerStepper* stepper) {
    if (stepper_) disconnect(stepper_, nullptr, this, nullptr);
    stepper_ = stepper;
    steps_.clear();
    tokens_ = {};
    stages_ = 0;
    pending_ = 0;
    shown_ = -1;
    lens_->reset(0, {});
    hidden_->clear();
    attention_->clear();
    norms_->chart()->removeAllSeries();
    tokensLabel_->clear();
    steeringLabel_->hide(); // a new stepper starts unsteered
    rebuildButtons();
    if (stepper) {
        connect(stepper, &LayerStepper::promptReady, this, &LayersPage::onPrompt);
        connect(stepper, &LayerStepper::stepDone, this, &LayersPage::onStep);
        // The stepper rewound under a new control vector: run the prompt again from the start.
        connect(stepper, &LayerStepper::steeringApplied, this,
                [this](const QString& applied, const QString& error) {
                    steeringLabel_->setVisible(!applied.isEmpty());
                    steeringLabel_->setText(tr("Steering: %1").arg(applied));
                    if (error.isEmpty()) reset();
                });
        auto start = [this] {
            head_->setRange(0, std::max(0, stepper_->shape().heads - 1));
            setPrompt(prompt_->text());
        };
        if (stepper->isReady())
            start();
        else
            connect(stepper, &LayerStepper::ready, this, start, Qt::SingleShotConnection);
        connect(stepper, &LayerStepper::failed, this, [this](const QString& e) {
            error_ = e;
            tokensLabel_->setText(tr("The model cannot run: %1").arg(e.toHtmlEscaped()));
        });
    }
    updateControls();
}

QString LayersPage::prompt() const {
    return prompt_->text();
}

void LayersPage::setPrompt(const QString& text) {
    prompt_->setText(text);
    if (!stepper_ || !stepper_->isReady()) return;
    pending_ = 0;
    stepper_->setPrompt(text);
}

void LayersPage::onPrompt(const TokenizedText& t) {
    tokens_ = t;
    steps_.clear();
    pending_ = 0;
    shown_ = -1;
    error_ = t.error;
    stages_ = t.error.isEmpty() ? stepper_->stageCount() : 0;
    QStringList positions;
    for (int i = 0; i < t.ids.size(); ++i)
        positions << QStringLiteral("%1 %2").arg(i).arg(t.pieces.at(i));
    lens_->reset(stepper_->shape().layers, positions);
    hidden_->clear();
    attention_->clear();
    hidden_->setMessage(tr("Step to run the embedding"));
    attention_->setMessage(tr("Attention appears once a layer has run"));
    norms_->chart()->removeAllSeries();
    if (!t.error.isEmpty()) {
        tokensLabel_->setText(
            QStringLiteral("<span style='color:#b2182b'>%1</span>").arg(t.error.toHtmlEscaped()));
    } else {
        QStringList parts;
        for (int i = 0; i < t.ids.size(); ++i)
            parts << tr("<span style='background:%1'>&nbsp;%2&nbsp;<sub>%3</sub></span>")
                         .arg(i % 2 ? QStringLiteral("#d6e6f4") : QStringLiteral("#f4e1d6"),
                              t.pieces.at(i).toHtmlEscaped())
                         .arg(t.ids.at(i));
        tokensLabel_->setText(tr("%1 tokens: %2").arg(t.ids.size()).arg(parts.join(QLatin1Char(' '))));
    }
    timeLabel_->clear();
    rebuildButtons();
    updateControls();
    Q_EMIT promptTokenized();
    if (std::exchange(runWhenTokenized_, false)) runToEnd();
}

void LayersPage::step() {
    if (!stepper_ || stages_ == 0 || completedStages() + pending_ >= stages_) return;
    ++pending_;
    stepper_->step();
    updateControls();
}

void LayersPage::runToEnd() {
    while (stepper_ && stages_ > 0 && completedStages() + pending_ < stages_) {
        ++pending_;
        stepper_->step();
    }
    updateControls();
}

void LayersPage::reset() {
    if (!stepper_) return;
    // Re-tokenizing the same prompt rewinds the stepper and drops queued stages.
    setPrompt(prompt_->text());
}

void LayersPage::onStep(const LayerStep& s) {
    pending_ = std::max(0, pending_ - 1);
    if (s.stage != completedStages()) return; // from before a reset
    if (!s.error.isEmpty()) {
        error_ = s.error;
        tokensLabel_->setText(tr("<span style='color:#b2182b'>%1 failed: %2</span>")
                                  .arg(stageName(s.stage), s.error.toHtmlEscaped()));
        stages_ = completedStages();
        pending_ = 0;
        updateControls();
        return;
    }
    steps_.push_back(s);
    lens_->setStep(s);
    if (s.stage < buttons_.size()) {
        QToolButton* b = buttons_.at(s.stage);
        b->setEnabled(true);
        b->setToolTip(tr("%1: %2 ms").arg(stageName(s.stage)).arg(s.seconds * 1e3, 0, 'f', 2));
    }
    double total = 0;
    for (const LayerStep& done : steps_)
        total += done.seconds;
    timeLabel_->setText(tr("%1: %2 ms · total %3 ms")
                            .arg(stageName(s.stage))
                            .arg(s.seconds * 1e3, 0, 'f', 2)
                            .arg(total * 1e3, 0, 'f', 2));
    updateNorms();
    updateControls();
    slider_->setValue(s.stage); // follows the newest stage
    showStage(s.stage);
    Q_EMIT stageDone(s.stage);
    if (isFinished()) {
        const LayerStep& last = steps_.constLast();
        QString context = prompt_->text();
        Q_EMIT finished(last.finalLogits, context);
    }
}

QString LayersPage::stageName(int stage) const {
    if (stage == 0) return QStringLiteral("embed");
    if (stage == stages_ - 1) return QStringLiteral("logits");
    return tr("layer %1").arg(stage - 1);
}

void LayersPage::rebuildButtons() {
    qDeleteAll(buttons_);
    buttons_.clear();
    for (int i = 0; i < stages_; ++i) {
        auto* b = new QToolButton;
        b->setText(i == 0             ? QStringLiteral("E")
                   : i == stages_ - 1 ? QStringLiteral("L")
                                      : QString::number(i - 1));
        b->setToolTip(stageName(i));
        b->setCheckable(true);
        b->setEnabled(false);
        b->setAutoRaise(false);
        b->setMinimumWidth(18);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        connect(b, &QToolButton::clicked, this, [this, i] { selectStage(i); });
        stripLayout_->addWidget(b);
        buttons_.push_back(b);
    }
}

void LayersPage::updateControls() {
    const bool can = stepper_ && stages_ > 0 && completedStages() + pending_ < stages_;
    stepButton_->setEnabled(can);
    runButton_->setEnabled(can);
    resetButton_->setEnabled(stepper_ && completedStages() > 0);
    exportButton_->setEnabled(interventions_ && stages_ > 0 && !exporting_);
    slider_->setEnabled(completedStages() > 1);
    slider_->setRange(0, std::max(0, completedStages() - 1));
}

void LayersPage::selectStage(int stage) {
    if (stage < 0 || stage >= completedStages()) return;
    slider_->setValue(stage);
    showStage(stage);
}

void LayersPage::showStage(int stage) {
    if (stage < 0 || stage >= completedStages()) return;
    shown_ = stage;
    for (int i = 0; i < buttons_.size(); ++i)
        buttons_.at(i)->setChecked(i == stage);
    stageLabel_->setText(stageName(stage));
    const LayerStep& s = steps_.at(stage);
    // Residual heatmap, pooled to at most MaxHeatmapColumns by the largest magnitude.
    const int pool = (s.nEmbd + MaxHeatmapColumns - 1) / MaxHeatmapColumns;
    const int cols = (s.nEmbd + pool - 1) / pool;
    QVector<float> cells(qsizetype(s.nTokens) * cols, 0.0f);
    for (int t = 0; t < s.nTokens; ++t)
        for (int d = 0; d < s.nEmbd; ++d) {
            const float v = s.hidden.at(qsizetype(t) * s.nEmbd + d);
            float& c = cells[qsizetype(t) * cols + d / pool];
            if (std::fabs(v) > std::fabs(c)) c = v;
        }
    hidden_->setRegion(s.nTokens, s.nEmbd, 0, 0, s.nTokens, s.nEmbd);
    hidden_->setRowNames(tokens_.pieces);
    hidden_->setData(cells, cols, s.nTokens, ColorScale::Diverging, robustRange(s.hidden));
    showAttention();
}

void LayersPage::showAttention() {
    if (shown_ < 0 || shown_ >= completedStages()) return;
    // The final-logits stage shows the last layer's attention.
    int stage = shown_;
    while (stage > 0 && steps_.at(stage).attn.isEmpty())
        --stage;
    const LayerStep& s = steps_.at(stage);
    if (s.attn.isEmpty() || s.nHead == 0) {
        attention_->clear();
        attention_->setMessage(tr("The embedding has no attention; step a layer"));
        return;
    }
    const int h = std::clamp(head_->value(), 0, s.nHead - 1);
    const qsizetype n = qsizetype(s.nTokens) * s.nKeys;
    QVector<float> cells(s.attn.begin() + h * n, s.attn.begin() + (h + 1) * n);
    attention_->setRegion(s.nTokens, s.nKeys, 0, 0, s.nTokens, s.nKeys);
    attention_->setRowNames(tokens_.pieces);
    attention_->setData(cells, s.nKeys, s.nTokens, ColorScale::Sequential, 1.0);
    QStringList texts;
    for (float p : cells)
        texts << (p > 0 ? QString::number(p, 'f', 2) : QString());
    attention_->setCellTexts(texts);
}

void LayersPage::updateNorms() {
    QChart* chart = norms_->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* a : chart->axes()) {
        chart->removeAxis(a);
        delete a;
    }
    if (steps_.isEmpty()) return;
    auto* x = new QValueAxis;
    x->setTitleText(tr("after stage (0 = embedding)"));
    x->setLabelFormat(QStringLiteral("%d"));
    const int lastStage = std::max(1, stages_ - 2);
    x->setRange(0, lastStage);
    // One tick per stage while they fit, so the integer labels never repeat (0 0 1 1 2).
    if (lastStage <= 12) x->setTickCount(lastStage + 1);
    auto* y = new QValueAxis;
    y->setTitleText(tr("‖residual‖"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double top = 0;
    const int nTokens = steps_.first().nTokens;
    for (int t = 0; t < nTokens; ++t) {
        auto* series = new QLineSeries;
        series->setName(
            QStringLiteral("%1 %2").arg(t).arg(t < tokens_.pieces.size() ? tokens_.pieces.at(t) : QString()));
        // The final-logits stage has the same residual as the last layer: not plotted again.
        for (int st = 0; st < completedStages() && st < stages_ - 1; ++st) {
            const float v = steps_.at(st).norms.value(t);
            series->append(st, v);
            top = std::max(top, double(v));
        }
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
    }
    y->setRange(0, top > 0 ? top * 1.05 : 1);
}

void LayersPage::chooseExportDir() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export activations to"));
    if (!dir.isEmpty()) exportCapture(dir);
}

void LayersPage::setExportSites(const QStringList& sites) {
    for (QAction* a : exportMenu_->actions())
        a->setChecked(sites.contains(a->text()));
}

QStringList LayersPage::exportSites() const {
    QStringList sites;
    for (QAction* a : exportMenu_->actions())
        if (a->isChecked()) sites << a->text();
    return sites;
}

QString LayersPage::steeringStatus() const {
    return steeringLabel_->isHidden() ? QString() : steeringLabel_->text();
}

QString LayersPage::exportStatus() const {
    return exportLabel_->text();
}

void LayersPage::exportCapture(const QString& dir) {
    if (!interventions_ || exporting_) return;
    exportLabel_->show();
    if (tokens_.ids.isEmpty() || !tokens_.error.isEmpty()) {
        exportLabel_->setText(tr("Nothing to export: enter a prompt the model can run first."));
        return;
    }
    exporting_ = true;
    exportProgress_->show();
    exportLabel_->setText(tr("Exporting %1 of %2 tokens to %3…")
                              .arg(exportSites().join(QStringLiteral(", ")))
                              .arg(tokens_.ids.size())
                              .arg(QDir::toNativeSeparators(dir)));
    interventions_->exportActivations(tokens_.text, exportSites(), dir);
    updateControls();
}

void LayersPage::onExported(const ActivationExport& r) {
    exporting_ = false;
    exportProgress_->hide();
    exportLabel_->show();
    if (!r.error.isEmpty())
        exportLabel_->setText(QStringLiteral("<span style='color:#b2182b'>%1</span>")
                                  .arg(tr("Export to %1 failed: %2")
                                           .arg(QDir::toNativeSeparators(r.dir), r.error)
                                           .toHtmlEscaped()));
    else
        exportLabel_->setText(tr("Wrote %n file(s) and index.json to %1", nullptr, int(r.files.size()))
                                  .arg(QDir::toNativeSeparators(r.dir)));
    updateControls();
    Q_EMIT exportFinished(r);
}

void LayersPage::onEnginesStarted() {
    setStepper(document()->layerStepper());
    interventions_ = document()->interventions();
    connect(interventions_, &InterventionEngine::exported, this, &LayersPage::onExported,
            Qt::UniqueConnection);
    updateControls();
    connect(this, &LayersPage::finished, document(), &ModelDocument::finalLogits, Qt::UniqueConnection);
    connect(document(), &ModelDocument::runPromptRequested, this, &LayersPage::runPromptToEnd,
            Qt::UniqueConnection);
}

void LayersPage::runPromptToEnd(const QString& text) {
    runWhenTokenized_ = true;
    setPrompt(text);
}

void LayersPage::onEnginesStopping() {
    if (interventions_) disconnect(interventions_, nullptr, this, nullptr);
    interventions_ = nullptr;
    exporting_ = false;
    exportProgress_->hide();
    setStepper(nullptr);
}

} // namespace realm::ui
