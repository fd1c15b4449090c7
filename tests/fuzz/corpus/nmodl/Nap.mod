TITLE Nap: persistent sodium current with instantaneous activation (Allen perisomatic family)

COMMENT
Persistent Na+ channel of the Allen Institute perisomatic models (excitatory
cells), after Magistretti & Alonso (1999), J Gen Physiol 114:491-509.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 2 (Nap_Et2), 4, 7.

  ina = gbar * m_inf(v) * h * (v - ena)

Activation is instantaneous (no m state, power 1):
m_inf = 1/(1 + exp(-(v + 52.6)/4.6))
Inactivation as in the Hay family's Nap_Et2:
h_inf = 1/(1 + exp((v + 48.8)/10))
alpha_h = 2.88e-6 vtrap(v + 17, 4.63)
beta_h  = 6.94e-6 vtrap(-(v + 64.4), 2.63)
tau_h = 1/((alpha_h + beta_h) qt)
with vtrap(x, k) = x/(exp(x/k) - 1), series-guarded for |x/k| < 1e-6.

Temperature: qt = 2.3^((celsius - 21)/10).
m_inf is re-evaluated in BREAKPOINT (rates() is called there), so the current
uses m_inf at the present voltage.
ENDCOMMENT

NEURON {
    SUFFIX Nap
    USEION na READ ena WRITE ina
    RANGE gbar, gNap
    RANGE mInf, hInf, hTau, hAlpha, hBeta
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gbar = 0.00001 (S/cm2) <0, 1e9>
}

ASSIGNED {
    v (mV)
    ena (mV)
    ina (mA/cm2)
    celsius (degC)
    gNap (S/cm2)
    mInf
    hInf
    hTau (ms)
    hAlpha (/ms)
    hBeta (/ms)
}

STATE {
    h
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    rates()
    gNap = gbar*mInf*h
    ina = gNap*(v - ena)
}

DERIVATIVE states {
    rates()
    h' = (hInf - h)/hTau
}

INITIAL {
    rates()
    h = hInf
}

PROCEDURE rates() {
    LOCAL qt
    UNITSOFF
    qt = pow(2.3, (celsius - 21.0)/10.0)
    mInf = 1/(1 + exp(-(v + 52.6)/4.6))
    hInf = 1/(1 + exp((v + 48.8)/10))
    hAlpha = 2.88e-6*vtrap(v + 17, 4.63)
    hBeta = 6.94e-6*vtrap(-(v + 64.4), 2.63)
    hTau = 1/((hAlpha + hBeta)*qt)
    UNITSON
}

FUNCTION vtrap(x, k) {
    : x/(exp(x/k) - 1), which tends to k as x -> 0; near 0 use k (1 - x/(2k))
    if (fabs(x/k) < 1e-6) {
        vtrap = k*(1 - x/k/2)
    } else {
        vtrap = x/(exp(x/k) - 1)
    }
}
