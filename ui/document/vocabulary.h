#pragma once
#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>

namespace realm {
class GgufFile;
}

namespace realm::ui {

// A model's whole vocabulary as plain columns (one entry per token id), read once on a worker
// thread for the vocabulary browser; it crosses to the UI thread as a value.
struct Vocabulary {
    QString error;         // why there is no vocabulary ("" when there is one)
    QString model;         // tokenizer.ggml.model: "llama" (SentencePiece), "gpt2" (byte-level BPE), "bert"
    QStringList pieces;    // the bytes a token stands for, made visible (␣, \n, \xFF)
    QStringList texts;     // the entry as stored ("Ġthe", "▁the", "<0x0A>")
    QVector<qint8> types;  // realm::TokenType
    QVector<float> scores; // empty when the file has none
    // BPE: the rank of the merge that makes the token (its place in tokenizer.ggml.merges,
    // lower merges first) and the two tokens it joins; -1 when no merge makes it.
    QVector<qint32> mergeRank, mergeLeft, mergeRight;
    qint64 mergeCount = 0;
    QHash<qint32, QString> roles; // special ids by role: "BOS", "EOS", "EOT", "UNK", "PAD" …

    int size() const { return int(pieces.size()); }
};

// Kinds of token the vocabulary browser filters by. Special: control, user-defined and unknown
// tokens and every token with a role (BOS, EOS …); Merged: tokens a BPE merge makes.
enum class TokenKind { All, Normal, Special, Control, UserDefined, Byte, Unknown, Unused, Merged };
bool isKind(const Vocabulary& vocabulary, int id, TokenKind kind);

Vocabulary readVocabulary(const std::shared_ptr<const realm::GgufFile>& file);

// The name of a realm::TokenType value ("normal", "control", "byte" …).
QString tokenTypeName(int type);

} // namespace realm::ui
