#include "pages/logits_page.h"
#include "text/sample_prompt.h"

#include "document/model_document.h"
#include "document/model_session.h"
#include "jobs/job_queue.h"
#include "jobs/layer_stepper.h"
#include "jobs/release_in_background.h"
#include "models/top_tokens_model.h"
#include "text/explanations.h"
#include "widgets/chart_helpers.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace realm::ui {

namespace {
constexpr int CurvePoints = 1500; // the vocabulary curve is sampled at log-spaced ranks

QString emptyText() {
    return QStringLiteral(
        "Type a prompt and press Enter (or run the Layers page to the end) to see the next-token "
        "distribution.");
}
} // namespace

LogitsPage::LogitsPage(QWidget* parent) : Page(parent), dist_(std::make_shared<LogitDistribution>()) {
    auto* layout = new QVBoxLayout(this);
    auto* promptRow = new QHBoxLayout;
    promptRow->addWidget(new QLabel(tr("Prompt")));
    prompt_ = new QLineEdit;
    prompt_->setPlaceholderText(samplePrompt());
    prompt_->setClearButtonEnabled(true);
    promptRow->addWidget(prompt_, 1);
    computeButton_ = new QPushButton(tr("Next token"));
    computeButton_->setToolTip(
        tr("Run the prompt through every layer and show the next-token distribution (Enter)"));
    promptRow->addWidget(computeButton_);
    progress_ = new QProgressBar;
    progress_->setFixedWidth(160);
    progress_->setFormat(tr("stage %v of %m"));
    // Keeps its place when hidden so the page does not jump when a run starts.
    QSizePolicy keep = progress_->sizePolicy();
    keep.setRetainSizeWhenHidden(true);
    progress_->setSizePolicy(keep);
    progress_->hide();
    promptRow->addWidget(progress_);
    layout->addLayout(promptRow);
    connect(prompt_, &QLineEdit::returnPressed, this, &LogitsPage::compute);
    connect(prompt_, &QLineEdit::textChanged, this, &LogitsPage::updateComputeButton);
    connect(computeButton_, &QPushButton::clicked, this, &LogitsPage::compute);
    updateComputeButton();

    context_ = new QLabel(emptyText());
    context_->setWordWrap(true);
    layout->addWidget(context_);

    auto* controls = new QHBoxLayout;
    auto slider = [&](const QString& name, int lo, int hi, int value, QSlider*& s, QLabel*& label) {
        controls->addWidget(new QLabel(name));
        s = new QSlider(Qt::Horizontal);
        s->setRange(lo, hi);
        s->setValue(value);
        controls->addWidget(s, 1);
        label = new QLabel;
        label->setMinimumWidth(56);
        controls->addWidget(label);
        connect(s, &QSlider::valueChanged, this, &LogitsPage::reshape);
    };
    // The sliders start at the sampler's defaults, so the page shows what chat would draw from.
    const SamplerSettings defaults;
    slider(tr("Temperature"), 0, 200, int(std::lround(defaults.temperature * 100)), temperature_,
           temperatureLabel_);                                     // hundredths
    slider(tr("Top-k"), 0, 200, defaults.topK, topK_, topKLabel_); // 0 = off
    slider(tr("Top-p"), 1, 100, int(std::lround(defaults.topP * 100)), topP_,
           topPLabel_); // 100 = off
    slider(tr("Min-p"), 0, 100, int(std::lround(defaults.minP * 100)), minP_,
           minPLabel_); // 0 = off
    layout->addLayout(controls);
    summary_ = new QLabel;
    layout->addWidget(summary_);

    bars_ = makeChartView(tr("Most likely next tokens"));
    curve_ = makeChartView(tr("Sorted log-probability over the vocabulary"));
    bars_->setWhatsThis(explain::topTokens());
    curve_->setWhatsThis(explain::sortedLogProbabilities());
    top_ = new TopTokensModel(this);
    auto* table = new QTableView;
    table->setModel(top_);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(20);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(TopTokensModel::Piece, QHeaderView::Stretch);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto* right = new QSplitter(Qt::Vertical);
    right->addWidget(table);
    right->addWidget(curve_);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(bars_);
    split->addWidget(right);
    split->setSizes({650, 450});
    right->setSizes({300, 300});
    layout->addWidget(split, 1);
    reshape();
}

void LogitsPage::setVocabulary(const QStringList& pieces) {
    releaseInBackground(std::exchange(vocab_, pieces)); // 128k strings at 8B
}

QString LogitsPage::piece(int id) const {
    return id >= 0 && id < vocab_.size() ? vocab_.at(id) : QStringLiteral("#%1").arg(id);
}

void LogitsPage::setLogits(const QVector<float>& logits, const QString& context) {
    progress_->hide();
    if (prompt_->text() != context) prompt_->setText(context); // follows runs started on the Layers page
    context_->setText(
        tr("Next token after: <b>%1</b> (%2 logits)").arg(context.toHtmlEscaped()).arg(logits.size()));
    unranked_ = logits;
    shapeInBackground();
}

void LogitsPage::clear() {
    releaseInBackground(std::exchange(vocab_, {}));
    progress_->hide();
    context_->setText(emptyText());
    ++shapeSerial_;
    shaping_ = false;
    showShaped(std::make_shared<LogitDistribution>(), {});
}

void LogitsPage::setSampling(const SamplerSettings& settings) {
    const QSignalBlocker blocks[] = {QSignalBlocker(temperature_), QSignalBlocker(topK_),
                                     QSignalBlocker(topP_), QSignalBlocker(minP_)};
    temperature_->setValue(int(std::lround(settings.temperature * 100)));
    topK_->setValue(settings.topK);
    topP_->setValue(int(std::lround(settings.topP * 100)));
    minP_->setValue(int(std::lround(settings.minP * 100)));
    reshape();
}

SamplerSettings LogitsPage::sampling() const {
    SamplerSettings s;
    s.temperature = float(temperature_->value() / 100.0);
    s.topK = topK_->value();
    s.topP = float(topP_->value() / 100.0);
    s.minP = float(minP_->value() / 100.0);
    return s;
}

void LogitsPage::reshape() {
    const SamplerSettings s = sampling();
    temperatureLabel_->setText(s.temperature <= 0 ? tr("greedy") : QString::number(s.temperature, 'f', 2));
    topKLabel_->setText(s.topK <= 0 ? tr("off") : QString::number(s.topK));
    topPLabel_->setText(s.topP >= 1 ? tr("off") : QString::number(s.topP, 'f', 2));
    minPLabel_->setText(s.minP <= 0 ? tr("off") : QString::number(s.minP, 'f', 2));
    shapeInBackground();
}

void LogitsPage::shapeInBackground() {
    const SamplerSettings s = sampling();
    auto work = [logits = unranked_, current = dist_, s](const JobControl&) {
        std::shared_ptr<const LogitDistribution> dist = current;
        if (logits) {
            auto ranked = std::make_shared<LogitDistribution>();
            ranked->setLogits(*logits);
            dist = std::move(ranked);
        }
        return std::pair(dist, dist->shape(s));
    };
    const quint64 serial = ++shapeSerial_;
    JobQueue* jobs = document() ? document()->session()->jobs() : nullptr;
    if (!jobs) { // no model: nothing long to compute
        auto [dist, shaped] = work(JobControl());
        showShaped(std::move(dist), std::move(shaped));
        return;
    }
    shaping_ = true;
    JobSpec spec;
    spec.priority = JobPriority::Interactive;
    spec.replaces = QStringLiteral("logits-page-shape");
    jobs->run(
        spec, this, std::move(work),
        [this, serial](auto result) {
            if (serial != shapeSerial_) return;
            shaping_ = false;
            showShaped(std::move(result.first), std::move(result.second));
        },
        [this, serial](const QString& error) {
            if (serial != shapeSerial_) return;
            shaping_ = false;
            summary_->setText(error);
        });
}

void LogitsPage::showShaped(std::shared_ptr<const LogitDistribution> dist, LogitDistribution::Shaped shaped) {
    dist_ = std::move(dist);
    shaped_ = std::move(shaped);
    unranked_.reset(); // the latest request is shown, so its logits are ranked
    const int nBars = int(std::min<qsizetype>(MaxBars, shaped_.ids.size()));
    barIds_ = shaped_.ids.mid(0, nBars);
    barProbs_ = shaped_.probs.mid(0, nBars);
    QList<TopTokensModel::Row> rows;
    for (int i = 0; i < nBars; ++i)
        rows.push_back({barIds_[i], piece(barIds_[i]), dist_->logits().at(barIds_[i]), barProbs_[i]});
    top_->setRows(rows);
    summary_->setText(dist_->isEmpty()
                          ? QString()
                          : QStringLiteral("%1 of %2 tokens kept (top-k %6 → top-p %7 → min-p %1) · "
                                           "entropy %3 bits · top token %4 (p = %5)")
                                .arg(shaped_.ids.size())
                                .arg(dist_->vocabSize())
                                .arg(shaped_.entropyBits, 0, 'f', 3)
                                .arg(piece(shaped_.ids.value(0)))
                                .arg(shaped_.probs.value(0), 0, 'f', 4)
                                .arg(shaped_.kept[1])
                                .arg(shaped_.kept[2]));
    // Laying out the charts takes ~10 ms: a hidden page does it when shown.
    chartsStale_ = !isVisible();
    if (!chartsStale_) updateCharts();
    Q_EMIT shapedChanged();
}

void LogitsPage::showEvent(QShowEvent* event) {
    Page::showEvent(event);
    if (chartsStale_) updateCharts();
    chartsStale_ = false;
}

void LogitsPage::updateCharts() {
    const int nBars = int(barIds_.size());
    // Horizontal bars, most likely on top.
    QChart* chart = bars_->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* a : chart->axes()) {
        chart->removeAxis(a);
        delete a;
    }
    if (nBars > 0) {
        auto* set = new QBarSet(QStringLiteral("p"));
        set->setColor(QColor(33, 102, 172));
        QStringList categories;
        for (int i = nBars - 1; i >= 0; --i) {
            *set << barProbs_[i];
            categories << QStringLiteral("%1 %2").arg(piece(barIds_[i])).arg(barIds_[i]);
        }
        auto* series = new QHorizontalBarSeries;
        series->append(set);
        series->setBarWidth(0.8);
        series->setLabelsVisible(true);
        // untranslated: Qt Charts' label placeholder
        series->setLabelsFormat(QStringLiteral("@value"));
        series->setLabelsPrecision(3);
        series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
        chart->addSeries(series);
        auto* y = new QBarCategoryAxis;
        y->append(categories);
        auto* x = new QValueAxis;
        x->setRange(0, std::min(1.0, barProbs_.value(0) * 1.15 + 0.02));
        x->setTitleText(tr("probability"));
        x->setLabelFormat(QStringLiteral("%.2f"));
        x->setTickCount(5);
        chart->addAxis(y, Qt::AlignLeft);
        chart->addAxis(x, Qt::AlignBottom);
        series->attachAxis(x);
        series->attachAxis(y);
    }
    updateCurve();
}

void LogitsPage::updateCurve() {
    QChart* chart = curve_->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* a : chart->axes()) {
        chart->removeAxis(a);
        delete a;
    }
    const qsizetype n = shaped_.logProbs.size();
    if (n == 0) return;
    auto* all = new QLineSeries;
    all->setName(tr("all tokens"));
    auto* kept = new QLineSeries;
    kept->setName(tr("kept"));
    kept->setPen(QPen(QColor(178, 24, 43), 3));
    double lo = 0;
    qsizetype last = -1;
    for (int i = 0; i < CurvePoints; ++i) {
        const qsizetype r =
            std::min<qsizetype>(n - 1, qsizetype(std::pow(double(n), double(i) / (CurvePoints - 1))) - 1);
        if (r <= last) continue;
        last = r;
        const double y = shaped_.logProbs[r] / std::log(10.0);
        all->append(double(r + 1), y);
        if (r < shaped_.ids.size()) kept->append(double(r + 1), y);
        lo = std::min(lo, y);
    }
    chart->addSeries(all);
    chart->addSeries(kept);
    auto* x = new QLogValueAxis;
    x->setBase(10);
    x->setLabelFormat(QStringLiteral("%g"));
    x->setTitleText(tr("rank"));
    x->setRange(1, double(std::max<qsizetype>(n, 10)));
    auto* y = new QValueAxis;
    y->setTitleText(tr("log₁₀ p"));
    y->setRange(std::floor(lo), 0);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto* s : {all, kept}) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
}

void LogitsPage::compute() {
    const QString text = prompt_->text();
    if (!document() || !document()->layerStepper() || text.isEmpty()) return;
    progress_->setRange(0, document()->layerStepper()->stageCount());
    progress_->setValue(0);
    progress_->show();
    context_->setText(tr("Running <b>%1</b> through the model…").arg(text.toHtmlEscaped()));
    Q_EMIT document()->runPromptRequested(text);
}

void LogitsPage::updateComputeButton() {
    computeButton_->setEnabled(!prompt_->text().isEmpty() && document() && document()->layerStepper());
}

void LogitsPage::onDocumentChanged() {
    if (document()) connect(document(), &ModelDocument::finalLogits, this, &LogitsPage::setLogits);
}

void LogitsPage::onEnginesStarted() {
    LayerStepper* stepper = document()->layerStepper();
    connect(stepper, &LayerStepper::ready, this, [this](const ModelShape& shape) {
        setVocabulary(shape.pieces);
        progress_->setRange(0, document()->layerStepper()->stageCount());
    });
    if (stepper->isReady()) setVocabulary(stepper->shape().pieces);
    connect(stepper, &LayerStepper::stepDone, this, [this](const LayerStep& s) {
        if (!s.error.isEmpty()) {
            progress_->hide();
            context_->setText(
                QStringLiteral("<span style='color:#b2182b'>%1</span>").arg(s.error.toHtmlEscaped()));
        } else if (!progress_->isHidden()) {
            progress_->setValue(s.stage + 1);
        }
    });
    connect(stepper, &LayerStepper::promptReady, this, [this](const TokenizedText& t) {
        if (t.error.isEmpty()) return;
        progress_->hide();
        context_->setText(
            QStringLiteral("<span style='color:#b2182b'>%1</span>").arg(t.error.toHtmlEscaped()));
    });
    connect(stepper, &LayerStepper::failed, this, [this](const QString& e) {
        progress_->hide();
        context_->setText(QStringLiteral("<span style='color:#b2182b'>%1</span>").arg(e.toHtmlEscaped()));
    });
    updateComputeButton();
}

void LogitsPage::onEnginesStopping() {
    disconnect(document()->layerStepper(), nullptr, this, nullptr);
    clear();
    computeButton_->setEnabled(false);
}

} // namespace realm::ui
