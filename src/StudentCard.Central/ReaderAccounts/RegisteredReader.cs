namespace StudentCard.Central.ReaderAccounts;

/// <summary>An authenticated reader: what every call it makes is checked against.</summary>
public sealed record RegisteredReader(string Id, ReaderType Type);
