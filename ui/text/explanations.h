#pragma once
#include <QString>

// What each chart and heatmap shows, for its "What's This?" (Shift+F1) and tool tip: written for
// people learning how a language model works inside, not only for those who know.
namespace realm::ui::explain {

QString bytesPerType();
QString memoryChart();
QString tensorRow();
QString tensorHeatmap();
QString tensorHistogram();
QString blockScales();
QString residualHeatmap();
QString attentionHeatmap();
QString logitLens();
QString residualNorms();
QString topTokens();
QString sortedLogProbabilities();
QString divergingScale();
QString sequentialScale();
QString patchingHeatmap();
QString expertLoad();
QString expertWeights();

} // namespace realm::ui::explain
