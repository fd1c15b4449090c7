#pragma once
// Warnings from readers and validators go through an injectable handler, so the
// command line can print them, the GUI can collect them in a "Problems" panel, and a
// strict mode can turn them into errors.

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace lamina {

enum class WarningKind {
    disconnected_neurite,             // a neurite root with no parent although a soma exists
    zero_diameter,                    // a point with diameter 0
    type_change_without_bifurcation,  // section type changes along an unbranched run
    single_child,                     // a branch block with only one child (merged)
    soma_points_unusual,              // soma described in a way that had to be interpreted
    non_contiguous_child,             // child's first point differs from parent's last
    ignored_data,                     // something in the file Lamina does not use
    accepted_leniently,               // refused by default (as MorphIO refuses it), read under lenient
};

const char* to_string(WarningKind kind);

struct Warning {
    WarningKind kind;
    std::string file;
    std::size_t line = 0;  // 1-based; 0 when the format has no lines
    std::string message;

    // "file:line: warning: message"
    std::string to_string() const;
};

class WarningHandler {
public:
    virtual ~WarningHandler() = default;
    virtual void handle(const Warning& warning) = 0;
};

// Keeps every warning, e.g. for a Problems panel or a JSON summary.
class WarningCollector final : public WarningHandler {
public:
    void handle(const Warning& warning) override { warnings_.push_back(warning); }
    const std::vector<Warning>& warnings() const noexcept { return warnings_; }
    void clear() noexcept { warnings_.clear(); }

private:
    std::vector<Warning> warnings_;
};

// Prints each warning on its own line.
class WarningPrinter final : public WarningHandler {
public:
    explicit WarningPrinter(std::ostream& out) : out_(out) {}
    void handle(const Warning& warning) override;

private:
    std::ostream& out_;
};

// Where warnings go while reading. With strict set, the first warning is raised as a
// FileError instead. With lenient set, what a reader refuses by default because MorphIO
// refuses it (an SWC id beyond 32 bits, a section type outside 1-19, a type change
// without a bifurcation, an 'Incomplete' marker inside a branch) is read with a warning,
// as Lamina read it before it matched MorphIO.
struct DiagnosticOptions {
    WarningHandler* handler = nullptr;  // nullptr: warnings are dropped
    bool strict = false;
    bool lenient = false;

    void warn(WarningKind kind, const std::string& file, std::size_t line,
              const std::string& message) const;
    // A FileError, or under lenient a warning of kind accepted_leniently (or `kind`).
    void refuse(const std::string& file, std::size_t line, const std::string& message,
                WarningKind kind = WarningKind::accepted_leniently) const;
};

}  // namespace lamina
