#pragma once
// The editable form of a morphology: a tree of sections kept in a vector (parents by
// index, no pointers). Readers and the circuit builder fill one, then convert it
// explicitly to the flat, read-only Morphology with build().

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/morphology/morphology.h"

namespace lamina {

class MorphologyBuilder {
public:
    using Handle = std::size_t;

    struct Section {
        std::optional<Handle> parent;
        SectionType type = SectionType::undefined;
        std::vector<Point3> points;       // [µm]
        std::vector<double> diameters;    // [µm]
        std::vector<double> perimeters;   // [µm], empty unless the source has them
    };

    MorphologyBuilder() = default;
    // The explicit conversion back from the read-only form, for editing.
    static MorphologyBuilder from(const Morphology& morphology);

    void set_soma(Soma soma) { soma_ = std::move(soma); }
    const Soma& soma() const noexcept { return soma_; }

    // A new, empty section. The parent must already exist, so sections are always
    // stored parents-first and section indices stay those of creation order.
    Handle add_section(std::optional<Handle> parent, SectionType type);
    void add_point(Handle section, const Point3& point, double diameter);
    void add_point(Handle section, const Point3& point, double diameter, double perimeter);

    Section& section(Handle h) { return sections_.at(h); }
    const Section& section(Handle h) const { return sections_.at(h); }
    std::size_t num_sections() const noexcept { return sections_.size(); }

    // Flat, validated morphology. A child whose first point is not its parent's last
    // point gets that point prepended (MorphIO's rule). Throws InvalidArgument for an
    // empty section, a negative or non-finite value, or inconsistent perimeters.
    Morphology build(std::string source = {}) const;

private:
    std::vector<Section> sections_;
    Soma soma_;
};

}  // namespace lamina
