using StudentCard.EndToEnd.Tests.Architecture.Probe.Upper;

namespace StudentCard.EndToEnd.Tests.Architecture.Probe.Lower;

// Probes of the folder checker: each Lower type uses Upper, which the probe rules forbid, in one way the checker must see.

/// <summary>Names an Upper type only as a generic argument of a field.</summary>
public sealed class UsesByGenericArgument
{
    private readonly List<ProbeGate> _gates = [];

    public int Count => _gates.Count;
}

/// <summary>Names an Upper type only through an attribute.</summary>
[ProbeMark]
public sealed class UsesByAttribute;

/// <summary>Names an Upper type only inside a lambda, which the compiler moves to a nested type.</summary>
public sealed class UsesInLambda
{
    public Func<DateTimeOffset> Opened() => () => new ProbeGate().Opened;
}

/// <summary>Names an Upper type only in a method's body (a local, a call).</summary>
public sealed class UsesInBody
{
    public string Describe()
    {
        var gate = new ProbeGate();
        return gate.Opened.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Names an Upper type only in a method's signature.</summary>
public sealed class UsesInSignature
{
    public static bool Accepts(ProbeGate? gate) => gate is not null;
}
