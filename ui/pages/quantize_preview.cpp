#include "pages/quantize_preview.h"

#include "document/imatrix_store.h"
#include "document/model_session.h"
#include "remote/tensor_rows.h"
#include "text/format.h"
#include "widgets/chart_helpers.h"
#include "widgets/progress_line.h"

#include "gguf/gguf_file.h"
#include "quant/quantize.h"
#include "quantlab/quant_mix.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <cmath>

namespace realm::ui {

namespace {
const QString TypeKey = QStringLiteral("tensors/quantizePreviewType");
const QString WeighKey = QStringLiteral("tensors/quantizePreviewWithImatrix");
constexpr int Bins = 64;
} // namespace

QuantizePreview::QuantizePreview(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Quantize to")));
    type_ = new QComboBox;
    for (GgmlType t : quantizedTensorTypes())
        type_->addItem(QString::fromLatin1(typeName(t)), int(t));
    type_->setToolTip(tr("The tensor types realm-cli quantize writes; the tensor is quantized to it and read "
                         "back, and nothing is written"));
    bar->addWidget(type_);
    weigh_ = new QCheckBox(tr("with the importance matrix"));
    weigh_->setChecked(QSettings().value(WeighKey, true).toBool());
    weigh_->hide();
    bar->addWidget(weigh_);
    progress_ = new ProgressLine;
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(160);
    progress_->hide();
    bar->addWidget(progress_);
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setEnabled(false);
    bar->addWidget(cancel_);
    bar->addStretch(1);
    layout->addLayout(bar);
    note_ = new QLabel;
    note_->setWordWrap(true);
    layout->addWidget(note_);
    figures_ = new QLabel;
    figures_->setWordWrap(true);
    figures_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(figures_);
    histogram_ = makeChartView();
    histogram_->setWhatsThis(
        tr("How far each value moves when the tensor is stored in the chosen type: the histogram of "
           "(value after quantizing and reading back) − (value in the file). A narrow peak means the type "
           "keeps the values well; wide shoulders show blocks whose scale cannot fit all their values."));
    layout->addWidget(histogram_, 1);

    preferred_ = QSettings().value(TypeKey, QStringLiteral("Q4_K")).toString();
    type_->setCurrentIndex(std::max(0, type_->findText(preferred_)));
    connect(type_, &QComboBox::activated, this, [this] {
        preferred_ = type_->currentText(); // the person's choice, not a fallback for one tensor
        QSettings().setValue(TypeKey, preferred_);
    });
    connect(type_, &QComboBox::currentIndexChanged, this, [this] {
        updateWeighting();
        request();
    });
    connect(weigh_, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(WeighKey, on);
        request();
    });
    connect(cancel_, &QPushButton::clicked, this, &QuantizePreview::cancel);
}

QuantizePreview::~QuantizePreview() {
    if (job_) job_->cancel();
}

void QuantizePreview::setSession(ModelSession* session) {
    cancel();
    session_ = session;
    showTensor(-1);
}

void QuantizePreview::setImatrix(ImatrixStore* store) {
    imatrix_ = store;
    if (!store) return;
    connect(store, &ImatrixStore::changed, this, [this] {
        updateWeighting();
        request();
    });
    updateWeighting();
}

void QuantizePreview::setQuantizeWithImportance(bool on) {
    weigh_->setChecked(on);
}

bool QuantizePreview::canQuantizeWithImportance() const {
    return !weigh_->isHidden() && weigh_->isEnabled();
}

int QuantizePreview::fittingEntry() const {
    const auto matrix = imatrix_ ? imatrix_->current() : nullptr;
    if (!matrix || !session_ || tensor_ < 0) return -1;
    const TensorEntry& t = session_->summary().tensors.at(tensor_);
    const ImatrixEntry* e = matrix->matrix.find(t.name.toStdString());
    if (!e || int64_t(e->sums.size()) != t.rowLength * std::max<int64_t>(1, t.ne[2])) return -1;
    return int(e - matrix->matrix.entries.data());
}

// The box shows while the open matrix has an entry for this tensor, enabled for the types that
// have a weighted quantizer.
void QuantizePreview::updateWeighting() {
    const bool fits = fittingEntry() >= 0;
    weigh_->setHidden(!fits);
    const bool weighable = hasWeightedQuantizer(GgmlType(type_->currentData().toInt()));
    weigh_->setEnabled(weighable);
    weigh_->setToolTip(
        weighable ? tr("Quantize as realm-cli quantize --imatrix (and llama-quantize --imatrix) "
                       "do, weighing each column by the open importance matrix")
                  : tr("%1 has no quantizer that takes an importance matrix").arg(type_->currentText()));
}

QString QuantizePreview::requestKey() const {
    const auto matrix = imatrix_ ? imatrix_->current() : nullptr;
    const bool weighed = fittingEntry() >= 0 && weigh_->isEnabled() && weigh_->isChecked();
    return QStringLiteral("%1/%2/%3/%4")
        .arg(tensor_)
        .arg(type_->currentText())
        .arg(quintptr(matrix.get()))
        .arg(weighed);
}

void QuantizePreview::showTensor(int tensor) {
    cancel();
    tensor_ = tensor;
    shownKey_.clear();
    note_->clear();
    figures_->clear();
    histogram_->chart()->removeAllSeries();
    fillTypes();
    updateWeighting();
    request();
}

void QuantizePreview::setActive(bool active) {
    active_ = active;
    request();
}

bool QuantizePreview::setTargetType(const QString& typeName) {
    const int i = type_->findText(typeName);
    const auto* items = qobject_cast<QStandardItemModel*>(type_->model());
    if (i < 0 || !items->item(i)->isEnabled()) return false;
    preferred_ = typeName;
    type_->setCurrentIndex(i);
    return true;
}

QString QuantizePreview::targetType() const {
    return type_->currentText();
}

QString QuantizePreview::figuresText() const {
    return figures_->text();
}

QString QuantizePreview::noteText() const {
    return note_->text();
}

// Types whose blocks do not divide the tensor's rows are offered but disabled, saying why.
void QuantizePreview::fillTypes() {
    auto* items = qobject_cast<QStandardItemModel*>(type_->model());
    const TensorEntry* t = session_ && tensor_ >= 0 ? &session_->summary().tensors.at(tensor_)
                                                    : static_cast<const TensorEntry*>(nullptr);
    for (int i = 0; i < type_->count(); ++i) {
        const TypeTraits& traits = typeTraits(GgmlType(type_->itemData(i).toInt()));
        const bool fits = !t || t->rowLength % traits.blockSize == 0;
        items->item(i)->setEnabled(fits);
        items->item(i)->setToolTip(fits ? QString()
                                        : tr("Rows of %1 values do not split into %2 blocks of %3")
                                              .arg(t->rowLength)
                                              .arg(QLatin1String(traits.name))
                                              .arg(traits.blockSize));
    }
    // The preferred type where it fits, else the nearest with 32-value blocks.
    const QSignalBlocker quiet(type_);
    for (const QString& name :
         {preferred_, QStringLiteral("Q4_0"), QStringLiteral("Q8_0"), QStringLiteral("F16")}) {
        const int i = type_->findText(name);
        if (i >= 0 && items->item(i)->isEnabled()) {
            type_->setCurrentIndex(i);
            return;
        }
    }
}

void QuantizePreview::request() {
    if (!active_ || !session_ || tensor_ < 0) return;
    const TensorEntry& t = session_->summary().tensors.at(tensor_);
    if (!t.dequantizable) {
        showFailure(tr("Type %1 cannot be converted to f32, so it cannot be quantized again.").arg(t.type));
        return;
    }
    const QString key = requestKey();
    if (key == shownKey_ || (job_ && key == runningKey_)) return;
    runningKey_ = key;
    const auto to = GgmlType(type_->currentData().toInt());
    const int entry = fittingEntry();
    const auto matrix = entry >= 0 ? imatrix_->current() : nullptr;
    const bool weighed = matrix && weigh_->isEnabled() && weigh_->isChecked();
    note_->setText(t.quantized
                       ? tr("%1 is already quantized: its values are dequantized, then quantized to %2. "
                            "The error is what this second quantization adds to the %1 values, not the "
                            "distance from the original weights.")
                             .arg(t.type, type_->currentText())
                       : QString());
    figures_->setText(tr("Quantizing %1 values to %2 and reading them back…")
                          .arg(formatCount(t.elements), type_->currentText()));
    progress_->setValue(0);
    progress_->show();
    cancel_->setEnabled(true);
    JobSpec spec;
    spec.priority = JobPriority::Long;
    spec.replaces = QStringLiteral("tensors/quantize-preview");
    const int tensor = tensor_;
    job_ = session_->jobs()->run(
        spec, this,
        [file = session_->file(), remote = session_->remote(), tensor, to, matrix, entry,
         weighed](const JobControl& control) {
            // a file truncated under us is an error, not SIGBUS
            if (file->hasMapping()) file->mapping().checkIntact();
            const std::vector<float> importance =
                matrix ? matrix->matrix.entries.at(size_t(entry)).importance(matrix->matrix.legacy)
                       : std::vector<float>();
            // Over HTTP the tensor's bytes are fetched first (cancellable).
            const GgufTensorInfo& t = file->tensors().at(size_t(tensor));
            const TensorRows whole = tensorRows(t, remote.get(), 0, t.rows(), control);
            return previewQuantization(whole.view, to, Bins, &control, importance, weighed);
        },
        [this, key](const QuantizationError& r) {
            if (key != requestKey()) return;
            job_.reset();
            shownKey_ = key;
            show(r);
        },
        [this, key, tensor](const QString& error) {
            if (key != requestKey()) return;
            job_.reset();
            showFailure(error);
            Q_EMIT previewFailed(tensor, error);
        },
        [this](double f) { progress_->setValueLater(int(std::lround(f * 1000))); });
}

void QuantizePreview::cancel() {
    if (job_) {
        job_->cancel();
        job_.reset();
        if (tensor_ >= 0) figures_->setText(tr("Cancelled"));
    }
    progress_->hide();
    cancel_->setEnabled(false);
}

void QuantizePreview::show(const QuantizationError& r) {
    result_ = r;
    progress_->hide();
    cancel_->setEnabled(false);
    const double bits = r.elements ? 8.0 * double(r.bytesTo) / double(r.elements) : 0;
    figures_->setText(
        tr("%1 → %2: RMSE %3 · max |error| %4 · relative error %5 % · %6 → %7 (%8 bits per weight)")
            .arg(QLatin1String(typeName(r.from)), QLatin1String(typeName(r.to)), formatValue(r.rmse),
                 formatValue(r.maxAbsError), QString::number(100 * r.relativeError, 'g', 3),
                 formatBytes(r.bytesFrom), formatBytes(r.bytesTo), QString::number(bits, 'f', 2)));
    if (r.weightedRmse > 0) {
        const QString file = QFileInfo(imatrix_->path()).fileName();
        figures_->setText(figures_->text() + QStringLiteral(" · ") +
                          (r.weighted ? tr("quantized with %1: importance-weighted RMSE %2")
                                      : tr("importance-weighted RMSE %2 (by %1)"))
                              .arg(file, formatValue(r.weightedRmse)));
    }
    QVector<quint64> bins(r.histogram.begin(), r.histogram.end());
    setHistogram(histogram_->chart(), bins, -r.maxAbsError, r.maxAbsError, tr("quantized − original"));
    Q_EMIT previewShown(tensor_);
}

void QuantizePreview::showFailure(const QString& error) {
    progress_->hide();
    cancel_->setEnabled(false);
    figures_->setText(QStringLiteral("<span style='color:#b2182b'>%1</span>").arg(error.toHtmlEscaped()));
    histogram_->chart()->removeAllSeries();
}

} // namespace realm::ui
