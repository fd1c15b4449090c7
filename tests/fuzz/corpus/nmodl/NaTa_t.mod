TITLE NaTa_t: transient (fast-inactivating) sodium current

COMMENT
Transient Na+ channel of the Hay et al. (2011) layer-5 pyramidal cell model.
Kinetics after Colbert & Pan (2002), Nat Neurosci 5:533-538.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 0, 1, 2 (NaTa_t), 4.

  ina = gNaTa_tbar * m^3 * h * (v - ena)

Activation (x = v + 38):  alpha_m = 0.182 x / (1 - exp(-x/6))
                           beta_m  = 0.124 (-x) / (1 - exp(x/6))
Inactivation (y = v + 66): alpha_h = 0.015 (-y) / (1 - exp(y/6))
                           beta_h  = 0.015 y / (1 - exp(-y/6))
s_inf = alpha/(alpha+beta), tau_s = 1/((alpha+beta) qt).

Temperature: the Hay files use the constant qt = 2.3^((34-21)/10) = 2.952882641,
whatever celsius is; celsius is not read.

Singular points (0/0) at v = -38 and v = -66 are guarded as in the Hay model:
an exact floating-point equality test moves a local copy of v by +1e-4 mV, and
the moved value is used for the rest of rates() (so at v = -38 the h curves are
also evaluated at -37.9999). v itself is never changed.
ENDCOMMENT

NEURON {
    SUFFIX NaTa_t
    USEION na READ ena WRITE ina
    RANGE gNaTa_tbar, gNaTa_t
    RANGE mInf, mTau, mAlpha, mBeta, hInf, hTau, hAlpha, hBeta
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gNaTa_tbar = 0.00001 (S/cm2) <0, 1e9>
}

ASSIGNED {
    v (mV)
    ena (mV)
    ina (mA/cm2)
    gNaTa_t (S/cm2)
    mInf
    mTau (ms)
    mAlpha (/ms)
    mBeta (/ms)
    hInf
    hTau (ms)
    hAlpha (/ms)
    hBeta (/ms)
}

STATE {
    m
    h
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gNaTa_t = gNaTa_tbar*m*m*m*h
    ina = gNaTa_t*(v - ena)
}

DERIVATIVE states {
    rates()
    m' = (mInf - m)/mTau
    h' = (hInf - h)/hTau
}

INITIAL {
    rates()
    m = mInf
    h = hInf
}

PROCEDURE rates() {
    LOCAL qt, u, x, y
    UNITSOFF
    qt = pow(2.3, (34.0 - 21.0)/10.0)
    u = v

    : activation, 0/0 at u = -38
    if (u == -38) {
        u = u + 0.0001
    }
    x = u + 38
    mAlpha = 0.182*x/(1 - exp(-x/6))
    mBeta = 0.124*(-x)/(1 - exp(x/6))
    mInf = mAlpha/(mAlpha + mBeta)
    mTau = 1/((mAlpha + mBeta)*qt)

    : inactivation, 0/0 at u = -66
    if (u == -66) {
        u = u + 0.0001
    }
    y = u + 66
    hAlpha = 0.015*(-y)/(1 - exp(y/6))
    hBeta = 0.015*y/(1 - exp(-y/6))
    hInf = hAlpha/(hAlpha + hBeta)
    hTau = 1/((hAlpha + hBeta)*qt)
    UNITSON
}
