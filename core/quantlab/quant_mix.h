#pragma once
#include "gguf/gguf_file.h"

#include <optional>
#include <string_view>
#include <vector>

namespace realm {

// What `llama-quantize IN OUT TYPE` makes: a file type (general.file_type, llama.cpp's
// llama_ftype number) and the tensor type most weights get.
struct QuantFileType {
    const char* name; // as llama-quantize spells it: "Q4_K_M"
    uint32_t ftype;   // general.file_type
    GgmlType defaultType;
};

// The file types we write; aliases as llama-quantize takes them (Q3_K = Q3_K_M, Q4_K = Q4_K_M,
// Q5_K = Q5_K_M), case-insensitive. nullopt for other names.
std::optional<QuantFileType> quantFileType(std::string_view name);
// Their names, for help texts and errors ("Q4_0, Q4_1, …").
std::string quantFileTypeNames();
// The tensor types these file types give their weights (F32, F16, BF16, Q4_0 … Q6_K), each once,
// in the order above: what one tensor can be quantized to.
std::vector<GgmlType> quantizedTensorTypes();

// The type llama-quantize gives each tensor of `file` for `fileType` (llama_tensor_get_type with
// default parameters): which tensors are quantized at all, the mixes' extra bits for attn_v,
// ffn_down, attn_output, output and a tied token embedding, and the fallback for rows that
// the block size does not divide. Entries are in the file's tensor order. withImatrix: the
// rules llama.cpp applies only when an importance matrix is given.
std::vector<GgmlType> planTensorTypes(const GgufFile& file, const QuantFileType& fileType,
                                      bool withImatrix = false);

// The order llama-quantize writes tensors in: by layer number (tensors outside blk.N first),
// then by name. Indices into file.tensors().
std::vector<size_t> llamaTensorOrder(const GgufFile& file);

} // namespace realm
