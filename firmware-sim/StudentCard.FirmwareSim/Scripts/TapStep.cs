namespace StudentCard.FirmwareSim.Scripts;

/// <summary>One parsed tap script command, with the line it came from.</summary>
internal abstract record TapStep(int Line);

/// <summary>tap UID ms: the card arrives, stays, and leaves.</summary>
internal sealed record TapCard(int Line, SimulatedCard Card, TimeSpan Stay) : TapStep(Line);

/// <summary>hold UID: the card arrives and stays.</summary>
internal sealed record HoldCard(int Line, SimulatedCard Card) : TapStep(Line);

/// <summary>remove UID: the card leaves.</summary>
internal sealed record RemoveCard(int Line, SimulatedCard Card) : TapStep(Line);

/// <summary>wait ms.</summary>
internal sealed record Wait(int Line, TimeSpan Duration) : TapStep(Line);

/// <summary>pair UID UID ms: two cards arrive together, stay, and leave.</summary>
internal sealed record TapPair(int Line, SimulatedCard First, SimulatedCard Second, TimeSpan Stay) : TapStep(Line);

/// <summary>clear: every card leaves.</summary>
internal sealed record ClearField(int Line) : TapStep(Line);

/// <summary>vanish-on-exchange UID: the card arrives and is pulled away at the first exchange aimed at it.</summary>
internal sealed record VanishOnExchange(int Line, SimulatedCard Card) : TapStep(Line);

/// <summary>repeat n ... end.</summary>
internal sealed record Repeat(int Line, int Count, IReadOnlyList<TapStep> Body) : TapStep(Line);
