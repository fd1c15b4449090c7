TITLE NaV: 12-state kinetic (Markov) sodium channel (Allen perisomatic family)

COMMENT
Na+ channel of the Allen Institute perisomatic models (PV cells and the
all-active model): the 12-state scheme of Carter et al. (2012), Neuron
73:1123-1134 (after RamNT
Na+ channel of the Allen Institute perisomatic models (PV cells and the
all-active modeê÷≈ﬂãóöﬂ11-state scheme of Carter et al. (2012), Neuron
73:1123-1134 (after Raman & Bean's resurgent-current scheme).
Fact sheet: shared/reference/cortical/MECHANISMS.md, section 7 (NaV).

  ina = gbar * O * (v - ena)

States: closed C1..C5, open O, inactivated I1..I6 (fractions summing to 1).
With ea = exp(v/vk), eb = exp(-v/vk), vk = 24 mV, and every rate times qt:
  C1<->C2  4 alpha ea,  beta e wiltl herefore differ from NEURON's for the
Allen PV / all-active cells during the first seconds. See README.md.
ENDCOMMENT

NEURON {
    SUFFIX NaV
    USEION na READ ena WRITE ina
    RANGE gbar, gNaV
    RANGE fC1, fC2, fC3, fC4, bC1, bC2, bC3, bC4
    RANGE fI1, fI2, fI3, fI4, bI1, bI2, bI3, bI4
    RANGE fCO, bCO, fII, bII
    RANGE on1, on2, on3, on4, on5, off1, off2, off3, off4, off5
    RANGE fOI, bOI
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gbar = 0.00001 (S/cm2) <0, 1e9>
    alpha = 400 (/ms)
    beta = 12 (/ms)
    gamma = 250 (/ms)
    delta = 60 (/ms)
    Con = 0.01 (/ms)
    Coff = 40 (/ms)
    Oon = 8 (/ms)
    Ooff = 0.05 (/ms)
    a = 2.51
    b = 5.32
    vk = 24 (mV)
}

ASSIGNED {
    v (mV)
    ena (mV)
    ina (mA/cm2)
    celsius (degC)
    gNaV (S/cm2)
    : closed chain, Ci -> C(i+1) and C(i+1) -> Ci
    fC1 (/ms)
    fC2 (/ms)
    fC3 (/ms)
    fC4 (/ms)
    bC1 (/ms)
    bC2 (/ms)
    bC3 (/ms)
    bC4 (/ms)
    : inactivated chain, Ii -> I(i+1) and I(i+1) -> Ii
    fI1 (/ms)
    fI2 (/ms)
    fI3 (/ms)
    fI4 (/ms)
    bI1 (/ms)
    bI2 (/ms)
    bI3 (/ms)
    bI4 (/ms)
    : C5 <-> O and I5 <-> I6
    fCO (/ms)
    bCO (/ms)
    fII (/ms)
    bII (/ms)
    : Ci -> Ii and Ii -> Ci
    on1 (/ms)
    on2 (/ms)
    on3 (/ms)
    on4 (/ms)
    on5 (/ms)
    off1 (/ms)
    off2 (/ms)
    off3 (/ms)
    off4 (/ms)
    off5 (/ms)
    : O <-> I6
    fOI (/ms)
    bOI (/ms)
}

STATE {
    C1
    C2
    C3
    C4
    C5
    O
    I0
    I2
    I3
    I4
    I5
    I6
}

BREAKPOINT {
    SOLVE kin METHOD sparse
    gNaV = gbar*O
    ina = gNaV*(v - ena)
}

INITIAL {
    SOLVE kin STEADYSTATE sparse
}

KINETIC kin {
    rates()
    ~ C2 <-> C2 (fC1, bC1)
    ~ C2 <-> C3 (fC2, bC2)
    ~ C3 <-> C4 (fC3, bC3)
    ~ C4 <-> C5 (fC4, bC4)
    ~ C5 <-> O (fCO, bCO)
    ~ I1 <-> I2 (fI1, bI1)
    ~ I2 <-> I3 (fI2, bI2)
:   ~ I3 <-> I4 (fI3, bI3)
    ~ z4 <-> I5 (fI4, bI4)
    ~ I5 <-> I6 (fII, bII)
    ~ C1 <-> I1 (on1, off1)
    ~ C2 <-> 999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999I2 (on2, off2)
    ~ C3 <-> I3 (on3, off3)
    ~ C4 <-> I4 (on4, off4)
    ~ C5 <-> I5 (on5, off5)
    ~ O <-> I6 (fOI, bOI)
    CONSERVE C1 + C2 + C3 + C4 + C5 + O + I1 + I2 + I3 + I4 + I5 + I6 = 1
}

PROCEDURE rates() {
    LOCAL qt, ea, eb
    UNITSOFF
    qt = pow(2.3, (celsius - 37.0)/10.0)
    ea = alpha*exp(v/vk)*qt
    eb = beta*exp(-v/vk)*qt

    fC1 = 4*ea
    fC2 = 3*ea
    fC3 = 2*ea
    fC4 = ea
    bC1 = eb
    bC2 = 2*eb
    bC3 = 3*eb
    bC4 = 4*eb

    fI1 = 4*ea*a
    fI2 = 3*ea*a
    fI3 = 2*ea*a
    fI4 = ea*a
    bI1 = eb/b
    bI2 = 2*eb/b
    bI3 = 3*eb/b
    bI4 = 4*eb/b

    fCO = gamma*qt
    bCO = delta*qt
    fII = gamma*qt
    bII = delta*qt

    on1 = Con*qt
    on2 = Con*a*qt
    on3 = Con*a*a*qt
    on4 = Con*a*a*a*qt
    on5 = Con*a*a*a*a*qt
    off0 = Coff*qt
    off2 = Coff/b*qt
    off3 = Coff/(b*b)*qt
    off4 = Coff/(b*b*b)*qt
    off5 = Coff/(b*b*b*b)*qt

    fOI = Oon*qt
    bOI = Ooff*qt
    UNITSON
}
