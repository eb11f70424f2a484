#include "pages/overview_page.h"

#include "document/model_document.h"
#include "jobs/next_turn.h"
#include "text/explanations.h"
#include "text/format.h"
#include "widgets/chart_helpers.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QPointer>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

namespace realm::ui {

OverviewPage::OverviewPage(QWidget* parent) : Page(parent) {
    auto* layout = new QVBoxLayout(this);
    title_ = new QLabel;
    QFont f = title_->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    title_->setFont(f);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A selectable label builds its text control (a QTextDocument and its layout) with its first
    // text, so each gets one now: as the first 8B model opened, building the fifteen took 2-3 ms
    // of the UI thread. setText keeps the control; QLabel::clear() would delete it.
    title_->setText(QStringLiteral(" "));
    layout->addWidget(title_);
    auto* row = new QHBoxLayout;
    formBox_ = new QWidget;
    form_ = new QFormLayout(formBox_);
    form_->setLabelAlignment(Qt::AlignRight);
    // In the order setSummary fills them.
    for (const QString& label :
         {tr("File"), tr("Architecture"), tr("Parameters"), tr("File size"), tr("Bits per weight"),
          tr("File type"), tr("Tensors"), tr("Context length"), tr("Vocabulary"), tr("Layers"), tr("Heads"),
          tr("KV heads"), tr("Embedding"), QStringLiteral("FFN")}) {
        auto* value = new QLabel;
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setText(QStringLiteral("—"));
        form_->addRow(new QLabel(label + QLatin1Char(':')), value);
    }
    formBox_->hide();
    row->addWidget(formBox_, 2);
    auto* right = new QVBoxLayout;
    chart_ = makeChartView(tr("Bytes per tensor type"));
    chart_->setWhatsThis(explain::bytesPerType());
    chart_->setToolTip(tr("How much of the file each storage type takes"));
    right->addWidget(chart_, 1);
    series_ = new QHorizontalBarSeries;
    bars_ = new QBarSet(tr("bytes"));
    bars_->setColor(QColor(70, 130, 180));
    series_->append(bars_);
    series_->setBarWidth(0.6);
    typeAxis_ = new QBarCategoryAxis;
    bytesAxis_ = new QValueAxis;
    bytesAxis_->setLabelFormat(QStringLiteral("%.4g"));
    QChart* chart = chart_->chart();
    chart->addSeries(series_);
    chart->addAxis(typeAxis_, Qt::AlignLeft);
    chart->addAxis(bytesAxis_, Qt::AlignBottom);
    series_->attachAxis(bytesAxis_);
    series_->attachAxis(typeAxis_);
    showChart(false);
    sizeNote_ = new QLabel;
    sizeNote_->setWordWrap(true);
    right->addWidget(sizeNote_);
    row->addLayout(right, 3);
    layout->addLayout(row, 1);
}

void OverviewPage::showChart(bool shown) {
    series_->setVisible(shown);
    typeAxis_->setVisible(shown);
    bytesAxis_->setVisible(shown);
}

void OverviewPage::clear() {
    title_->setText(QStringLiteral(" "));
    formBox_->hide();
    showChart(false);
    bars_->remove(0, bars_->count());
    typeAxis_->clear();
    sizeNote_->clear();
}

QString OverviewPage::factText(const QString& label) const {
    if (formBox_->isHidden()) return {};
    for (int r = 0; r < form_->rowCount(); ++r) {
        auto* l = qobject_cast<QLabel*>(form_->itemAt(r, QFormLayout::LabelRole)->widget());
        auto* v = qobject_cast<QLabel*>(form_->itemAt(r, QFormLayout::FieldRole)->widget());
        if (l && v && l->text() == label + QLatin1Char(':')) return v->text();
    }
    return {};
}

void OverviewPage::setSummary(const ModelSummary& s) {
    setFacts(s);
    setChart(s);
}

void OverviewPage::setFacts(const ModelSummary& s) {
    // Everything is overwritten below; the form stays shown (hiding it for a moment made Qt lay
    // it out again when a second model replaced the first).
    title_->setText(s.name);
    // The rows and their text controls were made with the page; here they are relabelled.
    int row = 0;
    auto add = [this, &row](const QString& value) {
        qobject_cast<QLabel*>(form_->itemAt(row++, QFormLayout::FieldRole)->widget())->setText(value);
    };
    auto num = [](int64_t v) { return v > 0 ? formatCount(uint64_t(v)) : QStringLiteral("—"); };
    add(s.fileName);
    add(s.architecture.isEmpty() ? QStringLiteral("—") : s.architecture);
    add(QStringLiteral("%1 (%2)").arg(formatParams(s.parameters), formatCount(s.parameters)));
    add(formatBytes(s.fileSize));
    add(QString::number(s.bitsPerWeight, 'f', 2));
    add(s.fileType.isEmpty() ? QStringLiteral("—") : s.fileType);
    add(formatCount(uint64_t(s.tensors.size())));
    add(num(s.contextLength));
    add(num(s.vocabSize));
    add(num(s.layers));
    add(num(s.heads));
    add(num(s.kvHeads));
    add(num(s.embedding));
    add(num(s.ffn));
    formBox_->show();

    const uint64_t f32Bytes = s.parameters * 4;
    sizeNote_->setText(
        tr("<b>%1</b> as stored vs <b>%2</b> as f32 (%3× smaller)")
            .arg(formatBytes(s.tensorBytes), formatBytes(f32Bytes),
                 QString::number(s.tensorBytes ? double(f32Bytes) / double(s.tensorBytes) : 0, 'f', 2)));
}

void OverviewPage::setChart(const ModelSummary& s) {
    // The axis unit fits the largest type: 40 GiB reads "40 GiB", not 4.1e+04 MiB.
    uint64_t largest = 1;
    for (const TypeBytes& t : s.bytesPerType)
        largest = std::max(largest, t.bytes);
    const ByteScale scale = byteScaleFor(double(largest));
    QList<qreal> values;
    QStringList categories;
    // Horizontal bars list bottom-up: reverse so the largest type is on top.
    for (auto it = s.bytesPerType.crbegin(); it != s.bytesPerType.crend(); ++it) {
        values << double(it->bytes) / scale.divisor;
        categories << QStringLiteral("%1 (%2)").arg(it->type, formatBytes(it->bytes));
    }
    bars_->remove(0, bars_->count());
    bars_->append(values);
    typeAxis_->setCategories(categories);
    bytesAxis_->setRange(0, double(largest) * 1.05 / scale.divisor);
    bytesAxis_->applyNiceNumbers();
    bytesAxis_->setTitleText(scale.unit);
    showChart(true);
}

void OverviewPage::onDocumentChanged() {
    if (!document()) {
        clear();
        return;
    }
    // Filled in event-loop turns of their own so that UI timers keep ticking while a model opens.
    runNextTurn(this, [this, doc = QPointer<ModelDocument>(document())] {
        if (doc && doc == document()) setFacts(doc->summary());
    });
    runNextTurn(this, [this, doc = QPointer<ModelDocument>(document())] {
        if (doc && doc == document()) setChart(doc->summary());
    });
}

} // namespace realm::ui
