#pragma once
// The quantization lab's background work for the Compare and KL divergence pages: the core's
// comparisons run on a worker, opened against a reference file. Run on worker threads only.
#include "quantlab/error_map.h"
#include "quantlab/kl_divergence.h"
#include "quantlab/tensor_compare.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>
#include <string>
#include <vector>

namespace realm {
class Model;
}

namespace realm::ui {

// Every tensor of `test` against the reference file's (compareFiles); the mismatch error of
// files that do not fit, or an open error naming the file, is thrown as realm::Error.
struct FileComparisonResult {
    std::shared_ptr<const GgufFile> reference; // kept open for the per-tensor details
    std::vector<TensorDifference> tensors;
    bool cancelled = false;
    double seconds = 0;
};
FileComparisonResult compareWithReference(const QString& referencePath, const GgufFile& test,
                                          const JobControl& control);

// One tensor in detail: the RMSE of every row and the error pooled to a width × height grid.
struct TensorErrorDetail {
    QString name;
    std::vector<float> rowRmse;
    TensorErrorMap map;
    bool cancelled = false;
};
TensorErrorDetail tensorErrorDetail(const GgufFile& reference, const GgufFile& test, const std::string& name,
                                    int width, int height, const JobControl& control);

// Both models over a text (measureKlDivergence), with what the page needs to show the text: the
// piece of every token and where each scored token is among them.
struct TextDamageResult {
    KlReport report;
    QStringList pieces;                     // every token of the text, as written (not escaped)
    std::vector<int64_t> scoredAt;          // report.tokens[i] is pieces[scoredAt[i]]
    QHash<int32_t, QString> topPieces;      // the piece of every token either model put on top
    std::shared_ptr<const Model> reference; // loaded once, reused by the next run of the same file
    QString referencePath;
    double seconds = 0;
};
struct TextDamageRequest {
    QString referencePath;
    std::shared_ptr<const Model> reference; // set when already loaded from referencePath
    std::shared_ptr<const GgufFile> test;
    QString text;
    int64_t contextLength = 512;
    int64_t maxChunks = -1;
};
TextDamageResult measureTextDamage(const TextDamageRequest& request, const JobControl& control);

} // namespace realm::ui
