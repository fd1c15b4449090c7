TITLE expsyn.mod: a synaptic conductance that jumps by the weight and decays exponentially

COMMENT
The standard single-exponential synapse, in NEURON's conventions: each event adds its
weight (uS) to g, which relaxes to 0 with time constant tau; the current is g (v - e).
Written for Lamina's translator tests: it must give the built-in ExpSyn's trace.
ENDCOMMENT

NEURON {
    POINT_PROCESS ExpSyn
    RANGE tau, e, i
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau = 0.1 (ms) <1e-9, 1e9>
    e = 0 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
}

STATE {
    g (uS)
}

INITIAL {
    g = 0
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    i = g*(v - e)
}

DERIVATIVE state {
    g' = -g/tau
}

NET_RECEIVE(weight (uS)) {
    g = g + weight
}
