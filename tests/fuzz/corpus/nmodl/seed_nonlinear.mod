TITLE nonlinear.mod: NONLINEAR blocks with known roots

COMMENT
In INITIAL, p^2 = c and p q = 1 from p = q = 1: p = sqrt(c), q = 1/sqrt(c).
Each step, r^3 + r = s from where r was: r = 2 for s = 10.
Written for Lamina's translator tests.
ENDCOMMENT

NEURON {
    SUFFIX nonlinear
    RANGE c, s
}

PARAMETER {
    c = 5
    s = 10
}

STATE { p q r }

INITIAL {
    p = 1
    q = 1
    r = 0
    SOLVE equilibrium
}

BREAKPOINT {
    SOLVE balance
}

NONLINEAR equilibrium {
    ~ p*p = c
    ~ p*q = 1
}

NONLINEAR balance {
    ~ r*r*r + r = s
}
