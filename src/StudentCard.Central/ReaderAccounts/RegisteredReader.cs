namespace StudentCard.Central.ReaderAccounts;

/// <summary>An authenticated reader: what every call it makes is checked against; its place when it was registered with one.</summary>
public sealed record RegisteredReader(string Id, ReaderType Type, string? Place = null);
