namespace StudentCard.Edge.Reader;

/// <summary>ReadGPIO's answer: the P3 and P7 port levels and the I0/I1 interface-selection pins.</summary>
public sealed record Pn532GpioState(byte P3, byte P7, byte I0I1);
