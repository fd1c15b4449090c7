TITLE vshift.mod: rates computed at a shifted voltage, as Allen's Ca_LVA writes them

COMMENT
rates() moves v up by 10 mV, computes mInf there and moves it back, so the gate is
that of a channel 10 mV to the left, while the current sees the membrane's own v:
mInf = 1/(1 + exp(-(v + 10 + 30)/6)), i = g m (v - e).
Written for Lamina's translator tests.
ENDCOMMENT

NEURON {
    SUFFIX vshift
    NONSPECIFIC_CURRENT i
    RANGE g, e, mInf
}

PARAMETER {
    g = 0.001 (S/cm2)
    e = -20 (mV)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
    mInf
}

STATE { m }

INITIAL {
    rates()
    m = mInf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    rates()
    i = g*mInf*(v - e)
}

DERIVATIVE states {
    rates()
    m' = (mInf - m)/5
}

PROCEDURE rates() {
    v = v + 10
    mInf = 1/(1 + exp(-(v + 30)/6))
    v = v - 10
}
