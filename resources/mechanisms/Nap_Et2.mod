TITLE Nap_Et2: persistent sodium current

COMMENT
Persistent Na+ channel of the Hay et al. (2011) layer-5 pyramidal cell model,
after Magistretti & Alonso (1999), J Gen Physiol 114:491-509.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 0, 1, 2 (Nap_Et2), 4.

  ina = gNap_Et2bar * m^3 * h * (v - ena)

m_inf = 1/(1 + exp(-(v + 52.6)/4.6))
tau_m = 6/((alpha_m + beta_m) qt), with NaTa_t's activation rates (x = v + 38),
        i.e. six times slower than the transient channel
h_inf = 1/(1 + exp((v + 48.8)/10))
alpha_h = 2.88e-6 (v + 17) / (exp((v + 17)/4.63) - 1)
beta_h  = 6.94e-6 (-(v + 64.4)) / (exp(-(v + 64.4)/2.63) - 1)
tau_h = 1/((alpha_h + beta_h) qt)   (about 2.1 s at -70 mV)

Temperature: constant qt = 2.3^((34-21)/10); celsius is not read.

Singular points at v = -38 (tau_m), -17 (alpha_h) and -64.4 (beta_h): exact
equality tests on a local copy of v, each moving it by +1e-4 mV for the rest of
rates(). m_inf is computed before the first test (at the true v); h_inf after
the tests (so at v = -38 or -17 it is taken at the moved value). This order
reproduces the reference rate table at -38 and -17.
ENDCOMMENT

NEURON {
    SUFFIX Nap_Et2
    USEION na READ ena WRITE ina
    RANGE gNap_Et2bar, gNap_Et2
    RANGE mInf, mTau, mAlpha, mBeta, hInf, hTau, hAlpha, hBeta
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gNap_Et2bar = 0.00001 (S/cm2) <0, 1e9>
}

ASSIGNED {
    v (mV)
    ena (mV)
    ina (mA/cm2)
    gNap_Et2 (S/cm2)
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
    gNap_Et2 = gNap_Et2bar*m*m*m*h
    ina = gNap_Et2*(v - ena)
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
    LOCAL qt, u, x
    UNITSOFF
    qt = pow(2.3, (34.0 - 21.0)/10.0)
    u = v

    mInf = 1/(1 + exp(-(u + 52.6)/4.6))

    : activation time constant, 0/0 at u = -38
    if (u == -38) {
        u = u + 0.0001
    }
    x = u + 38
    mAlpha = 0.182*x/(1 - exp(-x/6))
    mBeta = 0.124*(-x)/(1 - exp(x/6))
    mTau = 6/((mAlpha + mBeta)*qt)

    : inactivation, 0/0 at u = -17 (alpha) and u = -64.4 (beta)
    if (u == -17) {
        u = u + 0.0001
    }
    if (u == -64.4) {
        u = u + 0.0001
    }
    hInf = 1/(1 + exp((u + 48.8)/10))
    hAlpha = 2.88e-6*(u + 17)/(exp((u + 17)/4.63) - 1)
    hBeta = 6.94e-6*(-(u + 64.4))/(exp(-(u + 64.4)/2.63) - 1)
    hTau = 1/((hAlpha + hBeta)*qt)
    UNITSON
}
