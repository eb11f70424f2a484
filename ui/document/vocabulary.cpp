#include "document/vocabulary.h"

#include "text/format.h"

#include "gguf/gguf_file.h"
#include "tokenizer/tokenizer.h"

#include <QCoreApplication>

namespace realm::ui {

Vocabulary readVocabulary(const std::shared_ptr<const realm::GgufFile>& file) {
    Vocabulary v;
    std::unique_ptr<Tokenizer> tokenizer;
    try {
        tokenizer = Tokenizer::fromGguf(*file);
    } catch (const std::exception& e) {
        v.error = QString::fromStdString(e.what());
        return v;
    }
    const int n = tokenizer->vocabSize();
    v.model = QString::fromStdString(tokenizer->model());
    v.pieces.reserve(n);
    v.texts.reserve(n);
    v.types.resize(n);
    const GgufValue* scores = file->find("tokenizer.ggml.scores");
    if (scores && scores->isArray() && scores->size() == uint64_t(n)) v.scores.resize(n);
    for (int32_t id = 0; id < n; ++id) {
        v.pieces << visiblePiece(tokenizer->tokenToPiece(id, true));
        const std::string_view text = tokenizer->tokenText(id);
        v.texts << QString::fromUtf8(text.data(), qsizetype(text.size()));
        v.types[id] = qint8(tokenizer->tokenType(id));
        if (!v.scores.isEmpty()) v.scores[id] = tokenizer->tokenScore(id);
    }
    v.mergeRank.fill(-1, n);
    v.mergeLeft.fill(-1, n);
    v.mergeRight.fill(-1, n);
    const GgufValue* merges = file->find("tokenizer.ggml.merges");
    if (merges && merges->isArray() && merges->elementType() == GgufType::String) {
        v.mergeCount = qint64(merges->size());
        std::string joined;
        for (uint64_t rank = 0; rank < merges->size(); ++rank) {
            const std::string_view m = merges->stringAt(rank);
            const size_t space = m.find(' ', 1); // a part may itself be a space in some vocabularies
            if (space == std::string_view::npos) continue;
            joined.assign(m.substr(0, space)).append(m.substr(space + 1));
            const int32_t id = tokenizer->findToken(joined);
            if (id < 0 || v.mergeRank[id] >= 0) continue; // the lowest rank makes the token
            v.mergeRank[id] = qint32(rank);
            v.mergeLeft[id] = tokenizer->findToken(m.substr(0, space));
            v.mergeRight[id] = tokenizer->findToken(m.substr(space + 1));
        }
    }
    const struct {
        int32_t id;
        const char* role;
    } roles[] = {{tokenizer->bos(), "BOS"}, {tokenizer->eos(), "EOS"}, {tokenizer->eot(), "EOT"},
                 {tokenizer->eom(), "EOM"}, {tokenizer->unk(), "UNK"}, {tokenizer->sep(), "SEP"},
                 {tokenizer->pad(), "PAD"}};
    for (const auto& r : roles)
        if (r.id >= 0 && r.id < n) {
            QString& role = v.roles[r.id];
            role += (role.isEmpty() ? QString() : QStringLiteral(", ")) + QLatin1String(r.role);
        }
    for (int32_t id : tokenizer->endOfGenerationIds())
        if (!v.roles.contains(id))
            v.roles.insert(id, QCoreApplication::translate("Vocabulary", "end of generation"));
    return v;
}

bool isKind(const Vocabulary& v, int id, TokenKind kind) {
    const auto type = TokenType(v.types[id]);
    switch (kind) {
    case TokenKind::All:
        return true;
    case TokenKind::Normal:
        return type == TokenType::Normal;
    case TokenKind::Special:
        return type == TokenType::Control || type == TokenType::UserDefined || type == TokenType::Unknown ||
               v.roles.contains(id);
    case TokenKind::Control:
        return type == TokenType::Control;
    case TokenKind::UserDefined:
        return type == TokenType::UserDefined;
    case TokenKind::Byte:
        return type == TokenType::Byte;
    case TokenKind::Unknown:
        return type == TokenType::Unknown;
    case TokenKind::Unused:
        return type == TokenType::Unused;
    case TokenKind::Merged:
        return v.mergeRank[id] >= 0;
    }
    return false;
}

QString tokenTypeName(int type) {
    // Indexed by realm::TokenType.
    static const char* const names[] = {
        QT_TRANSLATE_NOOP("Vocabulary", "undefined"),    QT_TRANSLATE_NOOP("Vocabulary", "normal"),
        QT_TRANSLATE_NOOP("Vocabulary", "unknown"),      QT_TRANSLATE_NOOP("Vocabulary", "control"),
        QT_TRANSLATE_NOOP("Vocabulary", "user-defined"), QT_TRANSLATE_NOOP("Vocabulary", "unused"),
        QT_TRANSLATE_NOOP("Vocabulary", "byte")};
    return QCoreApplication::translate("Vocabulary", names[type >= 0 && type < 7 ? type : 0]);
}

} // namespace realm::ui
