TITLE SK_E2: small-conductance calcium-activated potassium current

COMMENT
SK (KCa2) K+ channel of the Hay et al. (2011) layer-5 pyramidal cell model,
after Koehler et al. (1996), Science 273:1709-1714.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 1, 2 (SK_E2), 4.

  ik = gSK_E2bar * z * (v - ek)

z_inf = 1/(1 + (0.00043/cai)^4.8)   (Hill function: Kd 0.43 uM, n 4.8; cai in mM)
tau_z = zTau = 1 ms (global parameter; no voltage or temperature dependence)

cai is read from the compartment's calcium pool (written by CaDynamics_E2).
Guard: below 1e-7 mM, cai + 1e-7 mM is used instead (a local copy, so the ion's
cai is not changed), which keeps the division finite at cai = 0.
ENDCOMMENT

NEURON {
    SUFFIX SK_E2
    USEION k READ ek WRITE ik
    USEION ca READ cai
    RANGE gSK_E2bar, gSK_E2
    RANGE zInf
    GLOBAL zTau
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
    (mM) = (milli/liter)
}

PARAMETER {
    gSK_E2bar = 0.00001 (S/cm2) <0, 1e9>
    zTau = 1 (ms) <1e-9, 1e9>
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    cai (mM)
    gSK_E2 (S/cm2)
    zInf
}

STATE {
    z
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gSK_E2 = gSK_E2bar*z
    ik = gSK_E2*(v - ek)
}

DERIVATIVE states {
    rates()
    z' = (zInf - z)/zTau
}

INITIAL {
    rates()
    z = zInf
}

PROCEDURE rates() {
    LOCAL c
    UNITSOFF
    c = cai
    if (c < 1e-7) {
        c = c + 1e-7
    }
    zInf = 1/(1 + pow(0.00043/c, 4.8))
    UNITSON
}
