TITLE Ca_LVA: low-voltage-activated (T-type) calcium current (Allen perisomatic family)

COMMENT
Low-voltage-activated Ca2+ channel of the Allen Institute perisomatic models:
the Hay family's Ca_LVAst (Avery & Johnston 1996, J Neurosci 16:5567-5582;
time constants after Randall & Tsien 1997, Neuropharmacology 36:879-893;
curves moved 10 mV in the hyperpolarised direction) with the temperature
factor taken from celsius, and the conductance parameter called gbar.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 2 (Ca_LVAst), 7.

  ica = gbar * m^2 * h * (v - eca)

Every curve is evaluated at u = v + 10 (a local copy; v is not changed):
m_inf = 1/(1 + exp(-(u + 30)/6))
tau_m = (5 + 20/(1 + exp((u + 25)/5)))/qt
h_inf = 1/(1 + exp((u + 80)/6.4))
tau_h = (20 + 50/(1 + exp((u + 40)/7)))/qt

Temperature: qt = 2.3^((celsius - 21)/10) (equal to Ca_LVAst's constant at 34 degC).
No singular points.
ENDCOMMENT

NEURON {
    SUFFIX Ca_LVA
    USEION ca READ eca WRITE ica
    RANGE gbar, gCa_LVA
    RANGE mInf, mTau, hInf, hTau
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
    eca (mV)
    ica (mA/cm2)
    celsius (degC)
    gCa_LVA (S/cm2)
    mInf
    mTau (ms)
    hInf
    hTau (ms)
}

STATE {
    m
    h
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gCa_LVA = gbar*m*m*h
    ica = gCa_LVA*(v - eca)
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
    LOCAL qt, u
    UNITSOFF
    qt = pow(2.3, (celsius - 21.0)/10.0)
    u = v + 10

    mInf = 1/(1 + exp(-(u + 30)/6))
    mTau = (5 + 20/(1 + exp((u + 25)/5)))/qt

    hInf = 1/(1 + exp((u + 80)/6.4))
    hTau = (20 + 50/(1 + exp((u + 40)/7)))/qt
    UNITSON
}
