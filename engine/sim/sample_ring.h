#pragma once
// A lock-free single-producer single-consumer ring of samples: the simulation thread that
// owns a probe pushes, one reader (the GUI, a report writer) drains while the run goes
// on. When the reader falls behind, new samples are dropped and counted, never blocking
// the simulation.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lamina::sim {

struct Sample {
    double time;   // [ms]
    double value;  // in the probed quantity's units
};

class SampleRing {
public:
    explicit SampleRing(std::size_t capacity_pow2 = 1u << 16)
        : buffer_(round_up(capacity_pow2)), mask_(buffer_.size() - 1) {}

    // Producer side.
    bool push(const Sample& s) noexcept {
        const auto head = head_.load(std::memory_order_relaxed);
        const auto tail = tail_.load(std::memory_order_acquire);
        if (head - tail == buffer_.size()) {
            dropped_.fetch_add(1, std::memory_order_relaxed);
            return false;
        }
        buffer_[head & mask_] = s;
        head_.store(head + 1, std::memory_order_release);
        return true;
    }

    // Consumer side: appends everything available to `out`; returns how many.
    std::size_t drain(std::vector<Sample>& out) {
        const auto tail = tail_.load(std::memory_order_relaxed);
        const auto head = head_.load(std::memory_order_acquire);
        for (auto i = tail; i != head; ++i) out.push_back(buffer_[i & mask_]);
        tail_.store(head, std::memory_order_release);
        return static_cast<std::size_t>(head - tail);
    }

    std::size_t capacity() const noexcept { return buffer_.size(); }
    std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

private:
    static std::size_t round_up(std::size_t n) {
        std::size_t p = 2;
        while (p < n) p <<= 1;
        return p;
    }
    std::vector<Sample> buffer_;
    std::size_t mask_;
    alignas(64) std::atomic<std::uint64_t> head_{0};
    alignas(64) std::atomic<std::uint64_t> tail_{0};
    std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace lamina::sim
