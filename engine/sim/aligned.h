#pragma once
// Arrays the kernels sweep over: 64-byte aligned so the compiler may use aligned vector
// loads, and so Eigen maps over them vectorise.

#include <cstddef>
#include <new>
#include <vector>

namespace lamina::sim {

template <typename T, std::size_t Alignment = 64>
struct AlignedAllocator {
    using value_type = T;
    AlignedAllocator() noexcept = default;
    template <typename U>
    AlignedAllocator(const AlignedAllocator<U, Alignment>&) noexcept {}
    template <typename U>
    struct rebind {
        using other = AlignedAllocator<U, Alignment>;
    };
    T* allocate(std::size_t n) {
        return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(Alignment)));
    }
    void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, std::align_val_t(Alignment)); }
    friend bool operator==(const AlignedAllocator&, const AlignedAllocator&) { return true; }
};

using Array = std::vector<double, AlignedAllocator<double>>;
using IndexArray = std::vector<std::uint32_t, AlignedAllocator<std::uint32_t>>;

}  // namespace lamina::sim
