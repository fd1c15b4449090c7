TITLE implicit.mod: states integrated by derivimplicit, with known implicit Euler steps

COMMENT
x decays quadratically, x' = -k x^2, so each step solves x + dt k x^2 = x_old;
y and z exchange linearly, y' = -a y + b z, z' = a y - b z, a 2x2 implicit step.
Written for Lamina's translator tests.
ENDCOMMENT

NEURON {
    SUFFIX implicit
    RANGE k, a, b
}

PARAMETER {
    k = 0.5 (/ms)
    a = 0.3 (/ms)
    b = 0.1 (/ms)
}

STATE { x y z }

INITIAL {
    x = 1
    y = 1
    z = 0
}

BREAKPOINT {
    SOLVE states METHOD derivimplicit
}

DERIVATIVE states {
    LOCAL flow
    flow = a*y - b*z
    x' = -k*x*x
    y' = -flow
    z' = flow
}
