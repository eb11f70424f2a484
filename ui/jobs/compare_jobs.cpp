#include "jobs/compare_jobs.h"

#include "model/model.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

#include <QElapsedTimer>

namespace realm::ui {

FileComparisonResult compareWithReference(const QString& referencePath, const GgufFile& test,
                                          const JobControl& control) {
    QElapsedTimer clock;
    clock.start();
    FileComparisonResult r;
    r.reference = GgufFile::open(referencePath.toStdString());
    FileComparison c = compareFiles(*r.reference, test, &control);
    r.tensors = std::move(c.tensors);
    r.cancelled = c.cancelled;
    r.seconds = double(clock.elapsed()) / 1000.0;
    return r;
}

TensorErrorDetail tensorErrorDetail(const GgufFile& reference, const GgufFile& test, const std::string& name,
                                    int width, int height, const JobControl& control) {
    const GgufTensorInfo* a = reference.findTensor(name);
    const GgufTensorInfo* b = test.findTensor(name);
    if (!a || !b) throw Error("tensor " + name + " is missing from " + (a ? test.path() : reference.path()));
    TensorErrorDetail d;
    d.name = QString::fromStdString(name);
    compareTensors(*a, *b, &d.rowRmse, &control);
    d.map = tensorErrorMap(*a, *b, width, height, &control);
    d.cancelled = control.cancelled();
    return d;
}

TextDamageResult measureTextDamage(const TextDamageRequest& request, const JobControl& control) {
    QElapsedTimer clock;
    clock.start();
    TextDamageResult r;
    r.referencePath = request.referencePath;
    r.reference = request.reference ? request.reference : Model::load(request.referencePath.toStdString());
    // The text is read with the reference's vocabulary, as `realm-cli kl` reads it.
    const auto tokenizer = Tokenizer::fromGguf(r.reference->file());
    const TextChunks chunks =
        chunkText(*tokenizer, request.text.toStdString(), request.contextLength, request.maxChunks);
    for (int32_t id : chunks.tokens())
        r.pieces << QString::fromStdString(tokenizer->isValidId(id) ? tokenizer->tokenToPiece(id)
                                                                    : std::string());
    SessionOptions options;
    options.contextLength = request.contextLength;
    options.kvType = KvType::F16; // as llama-perplexity and realm-cli kl
    r.report = measureKlDivergence(r.reference, Model::fromFile(request.test), chunks, options, &control);
    for (const TokenDamage& d : r.report.tokens)
        for (int32_t id : {d.referenceTop, d.testTop})
            if (!r.topPieces.contains(id))
                r.topPieces.insert(id, QString::fromStdString(tokenizer->isValidId(id)
                                                                  ? tokenizer->tokenToPiece(id)
                                                                  : std::string()));
    for (size_t c = 0; c < r.report.chunks.size(); ++c)
        for (int64_t j = 0; j < chunks.scoredPerChunk(); ++j)
            r.scoredAt.push_back(chunks.targetsStart(int64_t(c)) + j);
    r.seconds = double(clock.elapsed()) / 1000.0;
    return r;
}

} // namespace realm::ui
