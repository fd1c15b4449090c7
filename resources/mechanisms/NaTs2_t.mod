TITLE NaTs2_t: somatic transient sodium current

COMMENT
Transient Na+ channel used for the soma in the Hay et al. (2011) biophys4 variant
and in the BluePyOpt l5pc example (not used by biophys3). It is NaTa_t (Colbert &
Pan 2002) with both gating curves moved 6 mV in the depolarised direction.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 0, 2 (NaTs2_t), 4.

  ina = gNaTs2_tbar * m^3 * h * (v - ena)

Activation (x = v + 32):  alpha_m = 0.182 x / (1 - exp(-x/6))
                           beta_m  = 0.124 (-x) / (1 - exp(x/6))
Inactivation (y = v + 60): alpha_h = 0.015 (-y) / (1 - exp(y/6))
                           beta_h  = 0.015 y / (1 - exp(-y/6))
s_inf = alpha/(alpha+beta), tau_s = 1/((alpha+beta) qt).

Temperature: constant qt = 2.3^((34-21)/10); celsius is not read.

Singular points at v = -32 and v = -60: exact-equality test, a local copy of v
moves by +1e-4 mV and stays moved for the rest of rates() (Hay's behaviour).
ENDCOMMENT

NEURON {
    SUFFIX NaTs2_t
    USEION na READ ena WRITE ina
    RANGE gNaTs2_tbar, gNaTs2_t
    RANGE mInf, mTau, mAlpha, mBeta, hInf, hTau, hAlpha, hBeta
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gNaTs2_tbar = 0.00001 (S/cm2) <0, 1e9>
}

ASSIGNED {
    v (mV)
    ena (mV)
    ina (mA/cm2)
    gNaTs2_t (S/cm2)
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
    gNaTs2_t = gNaTs2_tbar*m*m*m*h
    ina = gNaTs2_t*(v - ena)
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

    : activation, 0/0 at u = -32
    if (u == -32) {
        u = u + 0.0001
    }
    x = u + 32
    mAlpha = 0.182*x/(1 - exp(-x/6))
    mBeta = 0.124*(-x)/(1 - exp(x/6))
    mInf = mAlpha/(mAlpha + mBeta)
    mTau = 1/((mAlpha + mBeta)*qt)

    : inactivation, 0/0 at u = -60
    if (u == -60) {
        u = u + 0.0001
    }
    y = u + 60
    hAlpha = 0.015*(-y)/(1 - exp(y/6))
    hBeta = 0.015*y/(1 - exp(-y/6))
    hInf = hAlpha/(hAlpha + hBeta)
    hTau = 1/((hAlpha + hBeta)*qt)
    UNITSON
}
