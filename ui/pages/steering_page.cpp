#include "pages/steering_page.h"

#include "document/model_document.h"
#include "jobs/chat_engine.h"
#include "jobs/intervention_engine.h"
#include "jobs/layer_stepper.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

namespace realm::ui {

namespace {
QStringList lines(const QPlainTextEdit* edit) {
    QStringList out;
    for (const QString& line : edit->toPlainText().split(QLatin1Char('\n')))
        if (!line.trimmed().isEmpty()) out << line;
    return out;
}
} // namespace

SteeringPage::SteeringPage(QWidget* parent) : InterventionPage(parent) {
    auto* layout = new QVBoxLayout(this);

    auto* applyBox = new QGroupBox(tr("Apply a control vector (llama.cpp --control-vector-scaled)"));
    auto* grid = new QGridLayout(applyBox);
    path_ = new QLineEdit;
    path_->setPlaceholderText(tr("A control-vector GGUF (llama-cvector-generator or made below)"));
    auto* browse = new QPushButton(tr("Browse…"));
    strength_ = new QDoubleSpinBox;
    strength_->setRange(-100, 100);
    strength_->setSingleStep(0.5);
    strength_->setValue(1);
    strength_->setToolTip(tr("Each layer's output gets strength × direction added (negative: steer away)"));
    first_ = new QSpinBox;
    last_ = new QSpinBox;
    first_->setValue(1); // llama.cpp never steers layer 0
    toStepper_ = new QCheckBox(tr("Layer stepper"));
    toChat_ = new QCheckBox(tr("Chat"));
    toStepper_->setChecked(true);
    toChat_->setChecked(true);
    auto* applyButton = new QPushButton(tr("Apply"));
    auto* removeButton = new QPushButton(tr("Remove"));
    stepperStatus_ = new QLabel(tr("Layer stepper: not steered"));
    chatStatus_ = new QLabel(tr("Chat: not steered"));
    for (QLabel* l : {stepperStatus_, chatStatus_}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    grid->addWidget(new QLabel(tr("File")), 0, 0);
    grid->addWidget(path_, 0, 1, 1, 5);
    grid->addWidget(browse, 0, 6);
    grid->addWidget(new QLabel(tr("Strength")), 1, 0);
    grid->addWidget(strength_, 1, 1);
    grid->addWidget(new QLabel(tr("Layers")), 1, 2);
    grid->addWidget(first_, 1, 3);
    grid->addWidget(last_, 1, 4);
    auto* targets = new QHBoxLayout;
    targets->addWidget(toStepper_);
    targets->addWidget(toChat_);
    targets->addStretch(1);
    targets->addWidget(applyButton);
    targets->addWidget(removeButton);
    grid->addLayout(targets, 1, 5, 1, 2);
    grid->addWidget(stepperStatus_, 2, 0, 1, 7);
    grid->addWidget(chatStatus_, 3, 0, 1, 7);
    grid->setColumnStretch(5, 1);
    layout->addWidget(applyBox);

    auto* makeBox = new QGroupBox(tr("Make one from prompt pairs (llama-cvector-generator --method mean)"));
    auto* makeLayout = new QGridLayout(makeBox);
    positive_ = new QPlainTextEdit;
    negative_ = new QPlainTextEdit;
    positive_->setPlaceholderText(tr("One prompt per line, e.g. \"I love this\""));
    negative_->setPlaceholderText(tr("The same number of lines, e.g. \"I hate this\""));
    auto* makeButton = new QPushButton(tr("Make and save…"));
    makeButton->setToolTip(tr("Runs every pair and saves the mean residual difference per layer as a "
                              "control vector llama.cpp loads"));
    makeLayout->addWidget(new QLabel(tr("Positive prompts")), 0, 0);
    makeLayout->addWidget(new QLabel(tr("Negative prompts")), 0, 1);
    makeLayout->addWidget(positive_, 1, 0);
    makeLayout->addWidget(negative_, 1, 1);
    auto* makeRow = new QHBoxLayout;
    makeRow->addWidget(statusRow(), 1);
    makeRow->addWidget(makeButton);
    makeLayout->addLayout(makeRow, 2, 0, 1, 2);
    layout->addWidget(makeBox, 1);

    setRunButton(makeButton);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Open a control vector"), path_->text(),
                                                          tr("GGUF files (*.gguf);;All files (*)"));
        if (!file.isEmpty()) path_->setText(file);
    });
    connect(applyButton, &QPushButton::clicked, this, &SteeringPage::apply);
    connect(removeButton, &QPushButton::clicked, this, &SteeringPage::remove);
    connect(makeButton, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Save the control vector"), QString(),
                                                          tr("GGUF files (*.gguf)"));
        if (!file.isEmpty()) makeVector(file);
    });
}

void SteeringPage::setVector(const QString& path, double strength, int firstLayer, int lastLayer) {
    path_->setText(path);
    strength_->setValue(strength);
    first_->setValue(firstLayer);
    last_->setValue(lastLayer < 0 ? last_->maximum() : lastLayer);
}

void SteeringPage::setTargets(bool layerStepper, bool chat) {
    toStepper_->setChecked(layerStepper);
    toChat_->setChecked(chat);
}

void SteeringPage::setPairs(const QStringList& positive, const QStringList& negative) {
    positive_->setPlainText(positive.join(QLatin1Char('\n')));
    negative_->setPlainText(negative.join(QLatin1Char('\n')));
}

QString SteeringPage::stepperStatus() const {
    return QTextDocumentFragment::fromHtml(stepperStatus_->text()).toPlainText();
}

QString SteeringPage::chatStatus() const {
    return QTextDocumentFragment::fromHtml(chatStatus_->text()).toPlainText();
}

SteeringSettings SteeringPage::settings() const {
    SteeringSettings s;
    s.path = path_->text();
    s.strength = strength_->value();
    s.firstLayer = first_->value();
    s.lastLayer = last_->value();
    return s;
}

void SteeringPage::apply() {
    if (path_->text().isEmpty()) {
        showError(tr("Choose a control-vector file first."));
        return;
    }
    applied_ = true;
    send(settings());
}

void SteeringPage::remove() {
    applied_ = false;
    send({});
}

void SteeringPage::send(const SteeringSettings& s) {
    if (!document()) return;
    // Unticked targets lose the vector, so what the page shows is what runs.
    SteeringSettings none;
    if (LayerStepper* stepper = document()->layerStepper())
        stepper->setSteering(toStepper_->isChecked() ? s : none);
    if (ChatEngine* chat = document()->chatEngine()) chat->setSteering(toChat_->isChecked() ? s : none);
}

void SteeringPage::show(QLabel* label, const QString& target, const QString& applied, const QString& error) {
    const QString name = target == QLatin1String("chat") ? tr("Chat") : tr("Layer stepper");
    if (!error.isEmpty())
        label->setText(QStringLiteral("<span style='color:#b2182b'>%1</span>")
                           .arg(tr("%1: not steered: %2").arg(name, error).toHtmlEscaped()));
    else if (applied.isEmpty())
        label->setText(tr("%1: not steered").arg(name).toHtmlEscaped());
    else
        label->setText(tr("%1: steered by %2").arg(name, applied).toHtmlEscaped());
    Q_EMIT steeringShown(target, applied, error);
}

void SteeringPage::onEngineReady(InterventionEngine* engine, const InterventionShape& shape) {
    first_->setRange(0, std::max(0, shape.layers - 1));
    last_->setRange(0, std::max(0, shape.layers - 1));
    last_->setValue(shape.layers - 1);
    connect(engine, &InterventionEngine::controlVectorMade, this, &SteeringPage::onMade);
    if (LayerStepper* stepper = document()->layerStepper())
        connect(stepper, &LayerStepper::steeringApplied, this, [this](const QString& a, const QString& e) {
            show(stepperStatus_, QStringLiteral("stepper"), a, e);
        });
    if (ChatEngine* chat = document()->chatEngine())
        connect(chat, &ChatEngine::steeringApplied, this, [this](const QString& a, const QString& e) {
            show(chatStatus_, QStringLiteral("chat"), a, e);
        });
    // New engines (another context length) start unsteered: steer them as before.
    if (applied_) send(settings());
}

void SteeringPage::makeVector(const QString& path) {
    if (!engine() || isBusy()) return;
    ControlVectorRequest req;
    req.positive = lines(positive_);
    req.negative = lines(negative_);
    req.path = path;
    setBusy(true, tr("Running %1 prompt pairs…").arg(std::min(req.positive.size(), req.negative.size())));
    engine()->makeControlVector(req);
}

void SteeringPage::onMade(const ControlVectorResult& r) {
    setBusy(false);
    if (!r.error.isEmpty()) {
        showError(tr("No control vector made: %1").arg(r.error));
    } else {
        showStatus(tr("Saved %1: %2 pairs, %3 layers with a direction · %4 s")
                       .arg(r.path)
                       .arg(r.pairs)
                       .arg(r.layers)
                       .arg(r.seconds, 0, 'f', 2));
        path_->setText(r.path);
    }
    Q_EMIT vectorMade(r);
}

} // namespace realm::ui
