#include "engine/diagnostics.h"

#include <ostream>

#include "engine/errors.h"

namespace lamina {

const char* to_string(WarningKind kind) {
    switch (kind) {
        case WarningKind::disconnected_neurite: return "disconnected neurite";
        case WarningKind::zero_diameter: return "zero diameter";
        case WarningKind::type_change_without_bifurcation:
            return "type change without bifurcation";
        case WarningKind::single_child: return "single child";
        case WarningKind::soma_points_unusual: return "unusual soma";
        case WarningKind::non_contiguous_child: return "non-contiguous child";
        case WarningKind::ignored_data: return "ignored data";
        case WarningKind::accepted_leniently: return "accepted leniently";
    }
    return "warning";
}

std::string Warning::to_string() const {
    return file_location(file, line).append(": warning: ").append(message);
}

void WarningPrinter::handle(const Warning& warning) { out_ << warning.to_string() << '\n'; }

void DiagnosticOptions::warn(WarningKind kind, const std::string& file, std::size_t line,
                             const std::string& message) const {
    if (strict) throw FileError(file, line, message + " (strict mode)");
    if (handler) handler->handle(Warning{kind, file, line, message});
}

}  // namespace lamina

namespace lamina {

void DiagnosticOptions::refuse(const std::string& file, std::size_t line, const std::string& message,
                               WarningKind kind) const {
    if (!lenient) throw FileError(file, line, message + " (read it anyway with --lenient)");
    warn(kind, file, line, message + " (read under --lenient)");
}

}  // namespace lamina
