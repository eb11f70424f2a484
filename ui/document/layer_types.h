#pragma once
// Plain results of the layer stepper and tokenizer, sent from the engine thread to the UI.
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace realm::ui {

struct ModelShape {
    int layers = 0, heads = 0, embd = 0, vocab = 0;
    qint64 contextLength = 0;
    QStringList pieces; // visible text of every vocabulary id
};

struct TokenizedText {
    quint64 request = 0;
    QString text;
    QVector<int> ids;
    QStringList pieces;  // visible rendering: ␣ for spaces, escaped control/invalid bytes
    QStringList decoded; // the piece's own text (for the coloured spans)
    bool addSpecial = true, parseSpecial = false;
    double milliseconds = 0;
    QString error;
};

// One stage of the forward pass. stage 0 = embedding, 1…N = layer stage−1, N+1 = final logits.
struct LayerStep {
    int stage = 0;
    int layers = 0;
    double seconds = 0;
    int nTokens = 0, nEmbd = 0;
    QVector<float> hidden; // nTokens × nEmbd: the residual after this stage
    QVector<float> norms;  // nTokens: L2 norm of each token's residual
    int nHead = 0, nKeys = 0;
    QVector<float> attn;  // nHead × nTokens × nKeys (layers only)
    QVector<int> lensIds; // nTokens: top token of the logit lens at each position
    QVector<float> lensProbs;
    QStringList lensPieces;
    QVector<float> finalLogits; // last position's logits (final stage only)
    QString error;
};

} // namespace realm::ui

Q_DECLARE_METATYPE(realm::ui::ModelShape)
Q_DECLARE_METATYPE(realm::ui::TokenizedText)
Q_DECLARE_METATYPE(realm::ui::LayerStep)
