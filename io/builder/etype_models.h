#pragma once
// The e-type models the column builder gives its cells (resources/emodels, compiled in):
// each an e-model in BluePyOpt's JSON layout at 34 °C, by e-type name ("FS_basket").

#include <map>
#include <string>

namespace lamina::io {

const std::map<std::string, std::string>& etype_models();

}  // namespace lamina::io
