#pragma once
// Plain requests and results of the intervention engine, sent between the UI and its jobs.
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace realm::ui {

struct InterventionShape {
    int layers = 0, heads = 0, experts = 0, expertsUsed = 0, embd = 0, vocab = 0;
    QString architecture;
};

// What the intervention engine reports for every request: `error` empty on success.
struct ActivationExport {
    QString dir;
    QStringList files; // written besides index.json
    int tokens = 0;
    QString error;
};

struct AblationRequest {
    enum class Kind { Head, Attention, Ffn, Expert };
    struct Target {
        Kind kind = Kind::Head;
        int layer = 0;
        int index = -1; // the head or expert
    };
    QString prompt;
    QVector<Target> targets;
    bool mean = false; // mean over the prompt instead of zero
    int topK = 10;
};

struct AblationResult {
    struct Token {
        int id = 0;
        QString piece;
        float baseline = 0, ablated = 0;
    };
    struct LensLayer {
        int layer = 0;
        int baselineId = 0, ablatedId = 0; // top tokens
        QString baseline, ablated;         // their pieces
        double kl = 0;
    };
    QString targets; // "head 1.3, ffn 0"
    QStringList pieces;
    QVector<Token> top;
    double kl = 0;
    int baselineTopId = 0, ablatedTopId = 0;
    QString baselineTop, ablatedTop;
    QVector<LensLayer> lens;
    double seconds = 0;
    QString error;
};

struct PatchRequest {
    QString clean, corrupted, answer, wrongAnswer;
    int head = -1; // ≥ 0: patch that head's output instead of the residual
};

struct PatchResult {
    int firstLayer = 0, layers = 0, positions = 0;
    QVector<double> recovered; // layers × positions, row = layer: 1 = clean, 0 = corrupted (NaN: not reached)
    QStringList cleanPieces, corruptedPieces;
    double cleanDiff = 0, corruptedDiff = 0;
    bool cancelled = false;
    double seconds = 0;
    QString error;
};

struct SteeringSettings {
    QString path; // empty: no steering
    double strength = 1;
    int firstLayer = 1, lastLayer = -1; // -1: the last
};

struct ControlVectorRequest {
    QStringList positive, negative; // paired by index
    QString path;                   // where to save it
};

struct ControlVectorResult {
    QString path;
    int pairs = 0, layers = 0;
    double seconds = 0;
    QString error;
};

struct RoutingResult {
    int layers = 0, tokens = 0, experts = 0, used = 0;
    QStringList pieces;
    QVector<float> weights; // layers × tokens × experts: the router weight of each chosen expert, 0 elsewhere
    QVector<float> load;    // layers × experts: the share of the tokens that chose each expert
    bool chat = false;      // the chat's load so far (no weights) instead of one prompt's routing
    QString error;
};

} // namespace realm::ui

Q_DECLARE_METATYPE(realm::ui::ActivationExport)
Q_DECLARE_METATYPE(realm::ui::AblationResult)
Q_DECLARE_METATYPE(realm::ui::PatchResult)
Q_DECLARE_METATYPE(realm::ui::ControlVectorResult)
Q_DECLARE_METATYPE(realm::ui::RoutingResult)
